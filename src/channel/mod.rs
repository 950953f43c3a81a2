//! Channel adapters: loops that turn a platform's events into engine
//! [`Input`](crate::engine::Input)s and its [`Output`](crate::engine::Output)s
//! into the platform's sends. No business rule lives here.

pub mod console;
pub mod sim;

use crate::engine::Output;

/// One output as a chat would show it, buttons as a numbered list.
pub fn render(o: &Output) -> String {
    let ticket = o.ticket.as_ref().map(|t| format!(" ({t})")).unwrap_or_default();
    let mut s = format!("[{} → {}] {}{}", o.kind.as_str(), o.to.name(), o.text, ticket);
    for (i, b) in o.buttons.iter().enumerate() {
        s.push_str(&format!("\n    [{}] {}", i + 1, b.label));
    }
    s
}
