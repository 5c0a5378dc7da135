//! The interactive loop: line editing, history, completion and multi-line input (rustyline).

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use anyhow::Result;
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Config, Context, Editor, Helper, Highlighter, Hinter};

use crate::session::{Reply, Session, DEMO};

/// Completion of names, and "keep reading" while parentheses are open.
#[derive(Helper, Hinter, Highlighter)]
struct NumjitHelper {
    names: Vec<String>,
}

impl Completer for NumjitHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let start =
            line[..pos].rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':')).map_or(0, |i| i + 1);
        let word = &line[start..pos];
        if word.is_empty() {
            return Ok((pos, Vec::new()));
        }
        let pairs = self
            .names
            .iter()
            .filter(|n| n.starts_with(word))
            .map(|n| Pair { display: n.clone(), replacement: n.clone() })
            .collect();
        Ok((start, pairs))
    }
}

impl Validator for NumjitHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        let depth = ctx.input().chars().fold(0i64, |d, c| match c {
            '(' => d + 1,
            ')' => d - 1,
            _ => d,
        });
        Ok(if depth > 0 { ValidationResult::Incomplete } else { ValidationResult::Valid(None) })
    }
}

fn history_file() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("NUMJIT_HISTORY") {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".numjit_history"))
}

/// Runs the REPL until `:quit` or Ctrl-D.
pub fn run(session: &mut Session) -> Result<()> {
    let config = Config::builder().auto_add_history(true).history_ignore_dups(true)?.build();
    let mut editor: Editor<NumjitHelper, rustyline::history::DefaultHistory> = Editor::with_config(config)?;
    editor.set_helper(Some(NumjitHelper { names: session.names() }));
    let history = history_file();
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    println!("numjit {} — {DEMO}", env!("CARGO_PKG_VERSION"));
    loop {
        if let Some(h) = editor.helper_mut() {
            h.names = session.names();
        }
        match editor.readline(">>> ") {
            Ok(line) => {
                session.cancel_flag().store(false, Ordering::Relaxed);
                match session.run(&line) {
                    Ok(Reply::Text(t)) => println!("{t}"),
                    Ok(Reply::Nothing) => {}
                    Ok(Reply::Quit) => break,
                    Err(e) => eprintln!("{}", error_text(&e)),
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e.into()),
        }
    }
    if let Some(h) = &history {
        let _ = editor.save_history(h);
    }
    Ok(())
}

/// An error as the REPL and the scripts print it: numjit's own display (with its caret) when it is one.
pub fn error_text(e: &anyhow::Error) -> Cow<'static, str> {
    match e.downcast_ref::<numjit::Error>() {
        Some(err) => Cow::Owned(err.to_string()),
        None => Cow::Owned(format!("error: {e:#}")),
    }
}
