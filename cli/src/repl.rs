//! The interactive loop: line editing, history, completion and multi-line input (rustyline).

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use anyhow::Result;
use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::error::ReadlineError;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{
    Cmd, CompletionType, ConditionalEventHandler, Config, Context, Editor, Event, EventContext, EventHandler, Helper,
    Highlighter, Hinter, KeyCode, KeyEvent, Modifiers, RepeatCount,
};

use crate::session::{Reply, Session, DEMO};

/// The prompt of a statement's continuation lines, as in Python's REPL.
const CONTINUATION: &str = "... ";

/// Enter while a parenthesis is open: a new line that starts with the continuation prompt (kept in the
/// text, and taken off again by `statements`).
struct Continue;

impl ConditionalEventHandler for Continue {
    fn handle(&self, _: &Event, _: RepeatCount, _: bool, ctx: &EventContext) -> Option<Cmd> {
        (ctx.pos() == ctx.line().len() && depth(ctx.line()) > 0).then(|| Cmd::Insert(1, format!("\n{CONTINUATION}")))
    }
}

/// Completion of names and file names, and "keep reading" while parentheses are open.
#[derive(Helper, Hinter, Highlighter)]
struct NumjitHelper {
    names: Vec<String>,
    files: FilenameCompleter,
}

/// Whether the cursor at the end of `before` is in a file name: inside the quotes of `load('...`, or in
/// `:save`'s last argument.
fn in_file_name(before: &str) -> bool {
    let open_quote = |s: &str| s.chars().filter(|&c| c == '\'' || c == '"').count() % 2 == 1;
    if let Some(i) = before.rfind("load(") {
        if open_quote(&before[i..]) {
            return true;
        }
    }
    before.strip_prefix(":save").is_some_and(|rest| rest.trim_start().contains(char::is_whitespace))
}

impl Completer for NumjitHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        if in_file_name(&line[..pos]) {
            return self.files.complete(line, pos, ctx);
        }
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
        Ok(if depth(ctx.input()) > 0 { ValidationResult::Incomplete } else { ValidationResult::Valid(None) })
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
    // A second Tab lists the candidates (the first completes what they share).
    let config = Config::builder().history_ignore_dups(true)?.completion_type(CompletionType::List).build();
    let mut editor: Editor<NumjitHelper, rustyline::history::DefaultHistory> = Editor::with_config(config)?;
    editor.set_helper(Some(NumjitHelper { names: session.names(), files: FilenameCompleter::new() }));
    editor.bind_sequence(KeyEvent(KeyCode::Enter, Modifiers::NONE), EventHandler::Conditional(Box::new(Continue)));
    let history = history_file();
    if let Some(h) = &history {
        let _ = editor.load_history(h);
    }
    println!("numjit {} — {DEMO}", env!("CARGO_PKG_VERSION"));
    loop {
        if let Some(h) = editor.helper_mut() {
            h.names = session.names();
        }
        let input = match editor.readline(">>> ") {
            Ok(input) => input,
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e.into()),
        };
        // A paste of several lines arrives as one input: its statements run one by one, in order, each
        // kept in the history (written at once, so that a crash or a kill loses nothing).
        for statement in statements(&input) {
            let _ = editor.add_history_entry(statement.as_str());
            if let Some(h) = &history {
                let _ = editor.append_history(h);
            }
            session.cancel_flag().store(false, Ordering::Relaxed);
            match session.run(&statement) {
                Ok(Reply::Text(t)) => println!("{t}"),
                Ok(Reply::Nothing) => {}
                Ok(Reply::Quit) => return Ok(()),
                Err(e) => eprintln!("{}", error_text(&e)),
            }
        }
    }
    Ok(())
}

/// The statements of an input of one or more lines: a line ends one unless a parenthesis is open;
/// blank lines are dropped.
pub fn statements(input: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in input.lines() {
        // A continuation line keeps the prompt it was typed after.
        let line = if current.is_empty() { line } else { line.strip_prefix(CONTINUATION.trim_end()).unwrap_or(line) };
        if !current.is_empty() {
            current.push('\n');
        }
        current.push_str(line);
        if depth(&current) <= 0 {
            if !current.trim().is_empty() {
                out.push(std::mem::take(&mut current));
            }
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

/// How many parentheses `text` leaves open.
pub fn depth(text: &str) -> i64 {
    text.chars().fold(0i64, |d, c| match c {
        '(' => d + 1,
        ')' => d - 1,
        _ => d,
    })
}

/// An error as the REPL and the scripts print it: numjit's own display (with its caret) when it is one.
pub fn error_text(e: &anyhow::Error) -> Cow<'static, str> {
    match e.downcast_ref::<numjit::Error>() {
        Some(err) => Cow::Owned(err.to_string()),
        None => Cow::Owned(format!("error: {e:#}")),
    }
}
