//! `convgen init`: the commented skeleton of a new convention ([`skeleton`]) and writing it
//! into a new folder ([`create`]).

mod create;
pub mod skeleton;

pub use create::{Created, InitError, Request, create};
pub use skeleton::{File, Options, TODO, skeleton, toml_string};
