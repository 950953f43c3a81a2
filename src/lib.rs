//! kefu (客服): a customer-service bot. See ARCHITECTURE.md for the map.
pub mod config;
pub mod domain;
pub mod engine;
pub mod kb;
pub mod nlu;
pub mod store;
pub mod app;
pub mod channel;
pub mod replay;
