//! A reduction's `axis` argument against the actual shape of its argument, by NumPy's rules.

use crate::error::{Error, ErrorKind, Result};
use crate::ir::{Reduce, ReduceOp};

/// The axes a reduction reduces, for an argument of `ndim` dimensions: counted from the front, sorted,
/// each once (NumPy's rules and messages).
pub(super) fn normalize_axes(r: &Reduce, ndim: usize) -> Result<Vec<usize>> {
    let Some(axes) = &r.axes else { return Ok((0..ndim).collect()) };
    // NumPy's allowance for 0-d arrays: the one element, reduced over no axes. Its `mean` (and so `var`
    // and `std`) counts the elements along the axis first, and raises (a complex `mean` is sums, hence
    // the function's name too).
    let counts = matches!(r.op, ReduceOp::Mean { .. }) || matches!(r.func.as_str(), "mean" | "var" | "std");
    if ndim == 0 && !r.tuple && !counts && matches!(axes.as_slice(), [0 | -1]) {
        return Ok(Vec::new());
    }
    let mut out = Vec::with_capacity(axes.len());
    for &a in axes {
        let k = if a < 0 { a + ndim as i64 } else { a };
        if k < 0 || k >= ndim as i64 {
            let message = format!("axis {a} is out of bounds for array of dimension {ndim}");
            return Err(Error::new(ErrorKind::Axis { message }, r.axis_span));
        }
        if out.contains(&(k as usize)) {
            return Err(Error::new(ErrorKind::Axis { message: "duplicate value in 'axis'".into() }, r.axis_span));
        }
        out.push(k as usize);
    }
    out.sort_unstable();
    Ok(out)
}
