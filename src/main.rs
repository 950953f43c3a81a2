//! The command line: parse arguments, load config, start things. Nothing else.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};

use kefu::{app, channel, domain::TicketId, nlu, replay};

#[derive(Parser)]
#[command(name = "kefu", version, about = "kefu (客服): customer-service bot — complaints, repairs, inquiries")]
struct Cli {
    /// Config file merged over the embedded default (also $KEFU_CONFIG).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Chat in the terminal as a customer (`/as NAME` switches speaker).
    Chat {
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Run scripted conversations on a virtual clock; print the transcript as JSON lines.
    Sim {
        #[arg(required = true)]
        scenarios: Vec<PathBuf>,
        /// Keep the store here (default: a fresh temporary store).
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// List tickets.
    Tickets {
        #[arg(long)]
        data: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Show one ticket.
    Ticket {
        id: String,
        #[arg(long)]
        data: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Show what kefu understands in a message, as JSON.
    Classify { text: Vec<String> },
    /// Measure intent accuracy on labelled JSON lines (text, intent, lang?, source?).
    Eval {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Feed messages (JSON lines: text, user?, at?, channel?) through the engine and the store.
    Replay {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Keep the store here (default: a fresh temporary store, never the live one).
        #[arg(long)]
        data: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    // `kefu tickets --json | head` must end quietly, not panic on a closed pipe.
    std::panic::set_hook(Box::new(|info| {
        let msg = info.payload().downcast_ref::<String>().map(String::as_str).or_else(|| info.payload().downcast_ref::<&str>().copied()).unwrap_or("");
        if msg.contains("Broken pipe") {
            std::process::exit(0);
        }
        eprintln!("kefu: internal error: {info}");
    }));
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("KEFU_LOG"))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kefu: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let cfg = app::load_config(cli.config.as_deref())?;
    match cli.cmd {
        Cmd::Chat { data } => {
            let dir = app::data_dir(&cfg, data.as_deref());
            let nlu = app::load_nlu(&cfg)?;
            let engine = app::engine(cfg, nlu, &dir)?;
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
            rt.block_on(channel::console::run(engine))?;
        }
        Cmd::Sim { scenarios, data } => {
            let scratch = app::Scratch::new(data)?;
            let dir = scratch.dir();
            // `restart` in a scenario builds a new engine: config and intents are read again.
            let make = || app::engine(cfg.clone(), app::load_nlu(&cfg)?, dir);
            let mut sim = channel::sim::Sim::new(make)?;
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for path in &scenarios {
                let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
                if let Err(e) = sim.run(&path.display().to_string(), &text, &mut out) {
                    eprintln!("kefu sim: {e:#}");
                    return Ok(ExitCode::from(1));
                }
            }
        }
        Cmd::Tickets { data, json } => {
            let store = app::open_existing_store(&cfg, &app::data_dir(&cfg, data.as_deref()))?;
            let tickets = kefu::store::Store::tickets(&store)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&tickets)?);
            } else {
                println!("{:<18} {:<9} {:<18} {:<4} {:<3} {:<8} summary", "id", "kind", "status", "sev", "lvl", "owner");
                for t in &tickets {
                    let sev = t.severity.map(|s| s.to_string()).unwrap_or_else(|| "-".into());
                    let summary: String = t.summary.chars().take(50).collect();
                    println!(
                        "{:<18} {:<9} {:<18} {:<4} L{:<2} {:<8} {}",
                        t.id.0,
                        t.kind.as_str(),
                        t.status.as_str(),
                        sev,
                        t.level,
                        t.owner.as_deref().unwrap_or("-"),
                        summary
                    );
                }
                println!("{} tickets", tickets.len());
            }
        }
        Cmd::Ticket { id, data, json } => {
            let store = app::open_existing_store(&cfg, &app::data_dir(&cfg, data.as_deref()))?;
            let Some(tid) = TicketId::parse(&id) else {
                anyhow::bail!("{id:?} is not a ticket number (like C-20261207-0001)");
            };
            match kefu::store::Store::ticket(&store, &tid)? {
                Some(t) if json => println!("{}", serde_json::to_string_pretty(&t)?),
                Some(t) => print!("{}", kefu::engine::ticket_details(&t, cfg.tz())),
                None => {
                    eprintln!("kefu: no ticket {tid}");
                    return Ok(ExitCode::from(1));
                }
            }
        }
        Cmd::Classify { text } => {
            let nlu = app::load_nlu(&cfg)?;
            println!("{}", serde_json::to_string_pretty(&nlu.classify(&text.join(" ")))?);
        }
        Cmd::Eval { files, json } => {
            let nlu = app::load_nlu(&cfg)?;
            let mut rows = Vec::new();
            for f in &files {
                rows.extend(nlu::eval::read_jsonl(f)?);
            }
            let report = nlu::eval::evaluate(&nlu, &rows);
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{report}");
            }
        }
        Cmd::Replay { files, data, json } => {
            // A replay never touches the live store unless asked to: its clock
            // and customers are made up.
            let scratch = app::Scratch::new(data)?;
            let nlu = app::load_nlu(&cfg)?;
            let engine = app::engine(cfg, nlu, scratch.dir())?;
            let summary = replay::run(&engine, &files, !json)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&summary)?);
            } else {
                print!("{summary}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
