//! The compile cache: expression text, variable dtypes, back end and precision to a compiled kernel, so that a
//! repeated `evaluate` costs one hash and one lookup.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, OnceLock};

use super::Kernel;
use crate::dtype::DType;
use crate::error::Result;
use crate::options::{Backend, Options, Precision};

/// One cached kernel and what it was compiled for.
struct Entry {
    text: String,
    sig: Vec<(String, DType)>,
    backend: Backend,
    precision: Precision,
    kernel: Kernel,
}

impl Entry {
    fn matches(&self, expr: &str, sig: &[(&str, DType)], backend: Backend, precision: Precision) -> bool {
        self.text == expr
            && self.backend == backend
            && self.precision == precision
            && self.sig.len() == sig.len()
            && self.sig.iter().zip(sig).all(|(a, b)| a.0 == b.0 && a.1 == b.1)
    }
}

/// The compile cache: a hash of the expression text, variable signature, back end and precision, to
/// kernels.
#[derive(Default)]
struct Cache {
    map: HashMap<u64, Vec<Entry>>,
    len: usize,
}

/// Bounds memory: the cache is emptied when it holds this many kernels.
const CACHE_LIMIT: usize = 4096;

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn cache_key(expr: &str, sig: &[(&str, DType)], backend: Backend, precision: Precision) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    expr.hash(&mut h);
    for (n, d) in sig {
        n.hash(&mut h);
        d.hash(&mut h);
    }
    backend.hash(&mut h);
    precision.hash(&mut h);
    h.finish()
}

/// A kernel for `expr` over variables with these names and dtypes, for `backend` at `precision`, from the
/// cache or compiled now.
pub fn cached(expr: &str, sig: &[(&str, DType)], backend: Backend, precision: Precision) -> Result<Kernel> {
    let key = cache_key(expr, sig, backend, precision);
    {
        let c = cache().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = c.map.get(&key).and_then(|es| es.iter().find(|e| e.matches(expr, sig, backend, precision))) {
            return Ok(e.kernel.clone());
        }
    }
    // Compile outside the lock, so other threads' lookups are not held up.
    let kernel = Kernel::new(expr, sig, &Options { backend, precision, ..Options::default() })?;
    let mut c = cache().lock().unwrap_or_else(|e| e.into_inner());
    if c.len >= CACHE_LIMIT {
        c.map.clear();
        c.len = 0;
    }
    let sig = sig.iter().map(|(n, d)| (n.to_string(), *d)).collect();
    c.map.entry(key).or_default().push(Entry {
        text: expr.to_owned(),
        sig,
        backend,
        precision,
        kernel: kernel.clone(),
    });
    c.len += 1;
    Ok(kernel)
}
