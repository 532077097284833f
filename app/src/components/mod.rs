pub mod form;
pub mod layout;
pub mod status;
pub mod table;
