//! Wiring shared by the commands: load the config, the intents and the
//! store, and build an engine. No business rules here.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::config::Config;
use crate::engine::Engine;
use crate::nlu::Nlu;
use crate::store::SledStore;

/// The config: `path` (or `$KEFU_CONFIG`) over the embedded default.
pub fn load_config(path: Option<&Path>) -> anyhow::Result<Config> {
    let env = std::env::var_os("KEFU_CONFIG").map(PathBuf::from);
    match path.map(Path::to_path_buf).or(env) {
        Some(p) => Ok(Config::load(&p)?),
        None => Ok(Config::embedded()),
    }
}

/// The intents: the configured folder when it exists, else the embedded copy.
pub fn load_nlu(cfg: &Config) -> anyhow::Result<Nlu> {
    let dir = &cfg.general.intents_dir;
    if dir.is_dir() {
        Nlu::load_dir(dir).with_context(|| format!("loading intents from {}", dir.display()))
    } else {
        Ok(Nlu::embedded())
    }
}

pub fn data_dir(cfg: &Config, data: Option<&Path>) -> PathBuf {
    data.map(Path::to_path_buf).unwrap_or_else(|| cfg.general.data_dir.clone())
}

pub fn open_store(cfg: &Config, dir: &Path) -> anyhow::Result<SledStore> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating data directory {}", dir.display()))?;
    Ok(SledStore::open_with_cache(dir, cfg.general.store_cache_mb << 20)?)
}

/// For commands that only read: a missing directory is an error (a typo),
/// not a new empty store.
pub fn open_existing_store(cfg: &Config, dir: &Path) -> anyhow::Result<SledStore> {
    if !dir.is_dir() {
        anyhow::bail!("no kefu data in {} (give the data directory with --data)", dir.display());
    }
    open_store(cfg, dir)
}

pub fn engine(cfg: Config, nlu: Nlu, dir: &Path) -> anyhow::Result<Engine> {
    let store = open_store(&cfg, dir)?;
    Ok(Engine::new(cfg, nlu, Box::new(store)))
}

/// The data directory a command was given, or a temporary one that lives
/// as long as this value (sim and replay never touch the live store
/// unless told to).
pub struct Scratch {
    dir: PathBuf,
    _tmp: Option<tempfile::TempDir>,
}

impl Scratch {
    pub fn new(data: Option<PathBuf>) -> anyhow::Result<Scratch> {
        Ok(match data {
            Some(dir) => Scratch { dir, _tmp: None },
            None => {
                let tmp = tempfile::tempdir()?;
                Scratch { dir: tmp.path().to_path_buf(), _tmp: Some(tmp) }
            }
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}
