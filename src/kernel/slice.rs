//! Basic indexing of a variable (`a[1:-1, ::2]`), applied to its array as NumPy applies it: the result
//! is a view of the same memory, which the executor reads in place at its strides, never a copy.

use ndarray::SliceInfoElem;

use crate::array::ArrayRef;
use crate::error::{Error, ErrorKind, Result};
use crate::ir::{Slice, SliceItem};

/// The view of `a` that `slice` selects: positions (negative ones from the end; out of range an error
/// naming the axis and its length), ranges clipped as Python's `slice.indices` clips them, `...` for the
/// axes no other item takes, and new axes.
pub(super) fn apply<'a>(a: ArrayRef<'a>, slice: &Slice) -> Result<ArrayRef<'a>> {
    let elems = elems(a.shape(), slice)?;
    Ok(a.slice_move(&elems))
}

/// The shape of the view `apply` gives of an array of `shape`, without an array: the same errors.
pub(super) fn shape(shape: &[usize], slice: &Slice) -> Result<Vec<usize>> {
    let mut out = Vec::with_capacity(shape.len() + slice.items.len());
    let mut axis = 0;
    for e in elems(shape, slice)? {
        match e {
            SliceInfoElem::NewAxis => out.push(1),
            SliceInfoElem::Index(_) => axis += 1,
            SliceInfoElem::Slice { start, end, step } => {
                let end = end.unwrap_or(shape[axis] as isize);
                let step = step.unsigned_abs();
                out.push(if end > start { ((end - start) as usize).div_ceil(step) } else { 0 });
                axis += 1;
            }
        }
    }
    Ok(out)
}

/// ndarray's slice items for `slice` over an array of `shape`, every axis taken by one of them.
fn elems(shape: &[usize], slice: &Slice) -> Result<Vec<SliceInfoElem>> {
    let fail = |message: String| Err(Error::new(ErrorKind::Index { message }, slice.span));
    let taking = slice.items.iter().filter(|i| matches!(i, SliceItem::At(_) | SliceItem::Range(..))).count();
    if taking > shape.len() {
        let n = shape.len();
        return fail(format!("too many indices for array: array is {n}-dimensional, but {taking} were indexed"));
    }
    let mut elems = Vec::with_capacity(shape.len() + slice.items.len());
    let mut axis = 0;
    let full = SliceInfoElem::Slice { start: 0, end: None, step: 1 };
    for item in &slice.items {
        match *item {
            SliceItem::NewAxis => elems.push(SliceInfoElem::NewAxis),
            SliceItem::Ellipsis => {
                let rest = shape.len() - taking;
                elems.extend(std::iter::repeat_n(full, rest));
                axis += rest;
            }
            SliceItem::At(i) => {
                let n = shape[axis] as i64;
                let k = if i < 0 { i + n } else { i };
                if !(0..n).contains(&k) {
                    return fail(format!("index {i} is out of bounds for axis {axis} with size {n}"));
                }
                elems.push(SliceInfoElem::Index(k as isize));
                axis += 1;
            }
            SliceItem::Range(start, stop, step) => {
                elems.push(range(shape[axis] as i64, start, stop, step.unwrap_or(1)));
                axis += 1;
            }
        }
    }
    // Axes no item took (without `...`) are taken whole.
    elems.extend(std::iter::repeat_n(full, shape.len() - axis));
    Ok(elems)
}

/// Python's `slice(start, stop, step).indices(n)` as ndarray's slice: a positive step takes
/// `start, start + step, ...` below `stop`, both clipped to `0..=n`; a negative one takes `start, start +
/// step, ...` above `stop`, both clipped to `-1..=n - 1`, which ndarray writes as the range `stop + 1 ..
/// start + 1` walked from its end.
fn range(n: i64, start: Option<i64>, stop: Option<i64>, step: i64) -> SliceInfoElem {
    let at = |v: i64, lo: i64, hi: i64| (if v < 0 { v + n } else { v }).clamp(lo, hi);
    let (first, end) = if step > 0 {
        let first = start.map_or(0, |v| at(v, 0, n));
        let end = stop.map_or(n, |v| at(v, 0, n));
        (first, end.max(first))
    } else {
        let from = start.map_or(n - 1, |v| at(v, -1, n - 1));
        let to = stop.map_or(-1, |v| at(v, -1, n - 1));
        // Nothing where `from <= to`.
        (to + 1, from.max(to) + 1)
    };
    SliceInfoElem::Slice { start: first as isize, end: Some(end as isize), step: step as isize }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The positions a slice takes along an axis of `n`, as ndarray takes them.
    fn taken(n: i64, start: Option<i64>, stop: Option<i64>, step: i64) -> Vec<i64> {
        let a = ndarray::Array1::from_iter(0..n);
        let SliceInfoElem::Slice { start, end, step } = range(n, start, stop, step) else { unreachable!() };
        a.slice(ndarray::s![start..end.unwrap();step]).to_vec()
    }

    /// Python's `list(range(n))[start:stop:step]`, written out.
    fn python(n: i64, start: Option<i64>, stop: Option<i64>, step: i64) -> Vec<i64> {
        let norm = |v: i64| if v < 0 { v + n } else { v };
        let mut out = Vec::new();
        if step > 0 {
            let mut i = start.map_or(0, |v| norm(v).clamp(0, n));
            let end = stop.map_or(n, |v| norm(v).clamp(0, n));
            while i < end {
                out.push(i);
                i += step;
            }
        } else {
            let mut i = start.map_or(n - 1, |v| norm(v).clamp(-1, n - 1));
            let end = stop.map_or(-1, |v| norm(v).clamp(-1, n - 1));
            while i > end {
                out.push(i);
                i += step;
            }
        }
        out
    }

    #[test]
    fn ranges_take_what_python_takes() {
        let ends: Vec<Option<i64>> = std::iter::once(None).chain((-9..=9).map(Some)).collect();
        for n in 0..6 {
            for &start in &ends {
                for &stop in &ends {
                    for step in [-3, -2, -1, 1, 2, 3] {
                        assert_eq!(
                            taken(n, start, stop, step),
                            python(n, start, stop, step),
                            "{n} [{start:?}:{stop:?}:{step}]"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn shapes_are_the_views_shapes() {
        use crate::span::Span;
        use SliceItem::*;
        let ends = [None, Some(-7), Some(-2), Some(-1), Some(0), Some(1), Some(3), Some(9)];
        let mut items = vec![At(0), At(-1), At(2), Ellipsis, NewAxis];
        for a in ends {
            for b in ends {
                for c in [None, Some(-2), Some(-1), Some(1), Some(3)] {
                    items.push(Range(a, b, c));
                }
            }
        }
        for shape in [vec![], vec![0], vec![5], vec![3, 4], vec![2, 0, 3]] {
            let data = ndarray::ArrayD::<f64>::zeros(shape.clone());
            for (k, &x) in items.iter().enumerate() {
                let y = items[(k * 7 + 3) % items.len()];
                for list in [vec![], vec![x], vec![x, y], vec![y, Ellipsis, x]] {
                    // The type checker takes one `...` at most.
                    if list.iter().filter(|i| **i == Ellipsis).count() > 1 {
                        continue;
                    }
                    let slice = Slice { items: list.clone(), span: Span::new(0, 1) };
                    let view = apply(ArrayRef::F64(data.view()), &slice).map(|v| v.shape().to_vec());
                    let got = super::shape(&shape, &slice);
                    match (view, got) {
                        (Ok(v), Ok(g)) => assert_eq!(v, g, "{shape:?} {list:?}"),
                        (Err(v), Err(g)) => assert_eq!(v.to_string(), g.to_string()),
                        (v, g) => panic!("{shape:?} {list:?}: {v:?} vs {g:?}"),
                    }
                }
            }
        }
    }
}
