//! HTTP-level integration tests: the real router on a random port with a fresh `mem://` database.
mod helpers;

mod abuse;
mod accounts;
mod activities;
mod analysis;
mod atomic;
mod backup;
mod bodies;
mod cli;
mod contacts;
mod first_load;
mod hub;
mod imports;
mod inputs;
mod jurisdictions;
mod lists;
mod logs;
mod mail;
mod permissions;
mod platform;
mod policies;
mod programmes;
mod relations;
mod rounds;
mod stakeholders;
