pub mod actions;
pub mod form;
pub mod import;
pub mod inert;
pub mod layout;
pub mod ready;
pub mod status;
pub mod table;
