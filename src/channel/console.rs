//! The terminal channel (`kefu chat`): type as a customer; `/as NAME`
//! switches who is speaking (a configured agent's name speaks as that
//! agent). Replies print as a chat would show them. A one-second tick
//! drives the engine's timers on the wall clock.

use chrono::Utc;
use tokio::io::{AsyncBufReadExt, BufReader};

use super::render;
use crate::engine::{Engine, Inbound, Input};

pub const CHANNEL: &str = "console";

pub async fn run(engine: Engine) -> anyhow::Result<()> {
    let mut me = "me".to_string();
    let agents: Vec<String> = engine.config().agents.iter().map(|a| a.name.clone()).collect();
    println!(
        "kefu chat — you are customer \"{me}\". Type a button's number to press it; /as NAME switches speaker (agents: {}); /quit ends.",
        agents.join(", ")
    );
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(1));
    let mut seq: u64 = 0;
    // Message ids must never repeat across runs (a PID does, e.g. PID 1 in a container).
    let run = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    loop {
        tokio::select! {
            line = lines.next_line() => {
                let Some(line) = line? else { break };
                let line = line.trim_end().to_string();
                if line == "/quit" || line == "/exit" {
                    break;
                }
                if line.trim() == "/as" || line.starts_with("/as ") {
                    let name = line.trim()[3..].trim();
                    if crate::config::valid_party_name(name) {
                        me = name.to_string();
                        if agents.contains(&me) {
                            println!("now speaking as agent \"{me}\": /queue lists waiting tickets, /ticket ID shows one");
                        } else {
                            println!("now speaking as customer \"{me}\"");
                        }
                    } else {
                        println!("usage: /as NAME (letters, digits, _ and -)");
                    }
                    continue;
                }
                seq += 1;
                let msg = Inbound { channel: CHANNEL.into(), user: me.clone(), msg_id: Some(format!("{run}-{seq}")), text: line };
                let input = if agents.contains(&me) { Input::Agent(msg) } else { Input::Customer(msg) };
                match engine.handle(input, Utc::now()) {
                    Ok(outs) => outs.iter().for_each(|o| println!("{}", render(o))),
                    Err(e) => eprintln!("error: {e}"),
                }
            }
            _ = tick.tick() => {
                match engine.handle(Input::Tick, Utc::now()) {
                    Ok(outs) => outs.iter().for_each(|o| println!("{}", render(o))),
                    Err(e) => eprintln!("error: {e}"),
                }
            }
        }
    }
    Ok(())
}
