//! Broadcasting: the common shape of the operands, each operand's strides in it, and the merging of
//! axes that can be walked as one.

use crate::error::{Error, ErrorKind, Result};

/// NumPy's broadcast rule: shapes are aligned at their last axis; each axis must match or be 1.
pub fn broadcast_shape(shapes: &[&[usize]]) -> Result<Vec<usize>> {
    let ndim = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = vec![1usize; ndim];
    for shape in shapes {
        let pad = ndim - shape.len();
        for (k, &d) in shape.iter().enumerate() {
            let o = &mut out[pad + k];
            if *o == 1 {
                *o = d;
            } else if d != 1 && d != *o {
                let shapes = shapes.iter().map(|s| s.to_vec()).collect();
                return Err(Error::general(ErrorKind::Broadcast { shapes }));
            }
        }
    }
    Ok(out)
}

/// The number of elements of `shape`, or an error if it overflows or the bytes would not fit in `isize`.
pub fn checked_len(shape: &[usize], elem_size: usize) -> Result<usize> {
    let n = shape.iter().try_fold(1usize, |acc, &d| acc.checked_mul(d));
    match n {
        Some(n) if n.checked_mul(elem_size.max(1)).is_some_and(|b| b <= isize::MAX as usize) => Ok(n),
        _ => Err(Error::general(ErrorKind::Size {
            message: format!("a result of shape {} is too large to address", crate::error::format_shape(shape)),
        })),
    }
}

/// The strides (in elements) of an operand of `shape` and `strides` read in the broadcast shape `out`:
/// axes it lacks or has as 1 get stride 0.
pub fn broadcast_strides(shape: &[usize], strides: &[isize], out: &[usize]) -> Vec<isize> {
    let pad = out.len() - shape.len();
    // Not `vec![0; n]` (`calloc`): see `c_strides`.
    let mut s = Vec::with_capacity(out.len());
    s.resize(pad, 0);
    s.extend(shape.iter().zip(strides).map(|(&d, &st)| if d != 1 { st } else { 0 }));
    s
}

/// The C-order strides of a contiguous array of `shape`.
pub fn c_strides(shape: &[usize]) -> Vec<isize> {
    // Pushed, not `vec![0; n]`: a zeroed allocation is glibc's `calloc`, which bypasses its per-thread
    // cache while the free goes back to it; once that cache is full, each small free lands in a fast bin,
    // and the next large allocation (a result) first sweeps those bins: a tenth of a small call's time.
    let mut s = Vec::with_capacity(shape.len());
    let mut acc = 1isize;
    for &d in shape.iter().rev() {
        s.push(acc);
        acc = acc.wrapping_mul(d.max(1) as isize);
    }
    s.reverse();
    s
}

/// A shape and one stride list per operand (the output included) after merging axes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// At least one axis; the last one is walked innermost.
    pub dims: Vec<usize>,
    pub strides: Vec<Vec<isize>>,
}

/// Drops axes of length 1 and merges each axis into the next where, for every operand, stepping the
/// outer axis once is the same as stepping the inner one its full length. A C-contiguous operation of any
/// shape becomes one axis.
pub fn coalesce(shape: &[usize], strides: &[Vec<isize>]) -> Layout {
    let mut dims: Vec<usize> = Vec::new();
    let mut out: Vec<Vec<isize>> = vec![Vec::new(); strides.len()];
    for k in 0..shape.len() {
        if shape[k] == 1 {
            continue;
        }
        let mergeable = !dims.is_empty()
            && strides.iter().zip(&out).all(|(s, o)| *o.last().unwrap() == s[k].wrapping_mul(shape[k] as isize));
        if mergeable {
            *dims.last_mut().unwrap() *= shape[k];
            for (o, s) in out.iter_mut().zip(strides) {
                *o.last_mut().unwrap() = s[k];
            }
        } else {
            dims.push(shape[k]);
            for (o, s) in out.iter_mut().zip(strides) {
                o.push(s[k]);
            }
        }
    }
    if dims.is_empty() {
        dims.push(1);
        for o in &mut out {
            o.push(0);
        }
    }
    Layout { dims, strides: out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_broadcast_as_numpy() {
        assert_eq!(broadcast_shape(&[&[3, 1], &[4]]).unwrap(), vec![3, 4]);
        assert_eq!(broadcast_shape(&[&[], &[2, 3]]).unwrap(), vec![2, 3]);
        assert_eq!(broadcast_shape(&[&[0], &[1]]).unwrap(), vec![0]);
        assert!(broadcast_shape(&[&[3], &[4]]).is_err());
        assert!(broadcast_shape(&[&[2, 0], &[2, 3]]).is_err());
    }

    #[test]
    fn contiguous_layouts_merge_into_one_axis() {
        let l = coalesce(&[2, 3, 4], &[c_strides(&[2, 3, 4]), c_strides(&[2, 3, 4])]);
        assert_eq!(l.dims, vec![24]);
        assert_eq!(l.strides, vec![vec![1], vec![1]]);
    }

    #[test]
    fn broadcast_axes_stay_apart() {
        let a = broadcast_strides(&[3, 1], &[1, 1], &[3, 4]);
        assert_eq!(a, vec![1, 0]);
        let l = coalesce(&[3, 4], &[a, c_strides(&[3, 4])]);
        assert_eq!(l.dims, vec![3, 4]);
    }

    #[test]
    fn overflowing_sizes_are_errors() {
        assert!(checked_len(&[usize::MAX, 2], 8).is_err());
        assert!(checked_len(&[1 << 62], 8).is_err());
        assert_eq!(checked_len(&[3, 0], 8).unwrap(), 0);
    }
}
