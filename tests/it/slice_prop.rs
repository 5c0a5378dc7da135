//! Property tests of subscripts: a random subscript of a random array, inside an expression, gives the
//! bits the same expression gives over a copy of the selected elements, gathered here index by index
//! (Python's `slice.indices`, written out in `fuzz::range_of`), with the JIT (any thread count and block
//! size) and the interpreter alike; a subscript NumPy refuses is an error.

use ndarray::{ArrayD, IxDyn, ShapeBuilder};
use numjit::{Backend, DynArray, Options, Vars};
use proptest::prelude::*;

use crate::fuzz::{range_of, render_items, Item};
use crate::support::same_bits;

/// One item: positions and range ends in and out of range, steps of either sign (never zero), `...`
/// and `None`.
fn item() -> impl Strategy<Value = Item> {
    let end = proptest::option::of(-8i8..8);
    let step = proptest::option::of(proptest::sample::select(vec![-3i8, -2, -1, 1, 2, 3]));
    prop_oneof![
        2 => (-6i8..6).prop_map(Item::At),
        4 => (end.clone(), end, step).prop_map(|(a, b, c)| Item::Range(a, b, c)),
        1 => Just(Item::Ellipsis),
        1 => Just(Item::NewAxis),
    ]
}

/// How each axis of the result reads the source: a source axis from a first position with a step, or a
/// new axis; positions fix the source axes they take.
struct Selection {
    shape: Vec<usize>,
    /// Per axis of the result: the source axis and its step, or `None` for a new axis.
    axes: Vec<Option<(usize, i64)>>,
    /// The source index of the result's element 0 (every axis's first position).
    origin: Vec<i64>,
}

/// The selection `items` make of an array of `shape`, or `None` where NumPy raises an IndexError.
fn select(shape: &[usize], items: &[Item]) -> Option<Selection> {
    let taken = items.iter().filter(|i| matches!(i, Item::At(_) | Item::Range(..))).count();
    let ellipses = items.iter().filter(|i| matches!(i, Item::Ellipsis)).count();
    if taken > shape.len() || ellipses > 1 {
        return None;
    }
    let mut sel = Selection { shape: Vec::new(), axes: Vec::new(), origin: vec![0; shape.len()] };
    let mut axis = 0;
    let keep = |sel: &mut Selection, axis: usize, first: i64, step: i64, len: usize| {
        sel.origin[axis] = first;
        sel.axes.push(Some((axis, step)));
        sel.shape.push(len);
    };
    for item in items {
        match item {
            Item::At(k) => {
                let len = shape[axis] as i64;
                let k = i64::from(*k);
                if !(-len..len).contains(&k) {
                    return None;
                }
                sel.origin[axis] = if k < 0 { k + len } else { k };
                axis += 1;
            }
            Item::Range(a, b, c) => {
                let step = c.map_or(1, i64::from);
                let (first, len) = range_of(a.map(i64::from), b.map(i64::from), step, shape[axis] as i64);
                keep(&mut sel, axis, first, step, len);
                axis += 1;
            }
            Item::Ellipsis => {
                for _ in 0..shape.len() - taken {
                    keep(&mut sel, axis, 0, 1, shape[axis]);
                    axis += 1;
                }
            }
            Item::NewAxis => {
                sel.axes.push(None);
                sel.shape.push(1);
            }
        }
    }
    while axis < shape.len() {
        keep(&mut sel, axis, 0, 1, shape[axis]);
        axis += 1;
    }
    Some(sel)
}

/// The selected elements of `a`, copied one by one into a new C-order array.
fn gather(a: &ArrayD<f64>, sel: &Selection) -> ArrayD<f64> {
    ArrayD::from_shape_fn(IxDyn(&sel.shape), |ix| {
        let mut at = sel.origin.clone();
        for (k, axis) in sel.axes.iter().enumerate() {
            if let Some((src, step)) = axis {
                at[*src] += ix[k] as i64 * step;
            }
        }
        let at: Vec<usize> = at.iter().map(|&v| v as usize).collect();
        a[IxDyn(&at)]
    })
}

/// An array of `shape` holding 0, 1, 2, ... in C order, laid out in C order, in Fortran order, or as a
/// view with step -1 along its last axis.
fn array(shape: &[usize], layout: u8) -> ArrayD<f64> {
    let n: usize = shape.iter().product();
    let values: Vec<f64> = (0..n).map(|v| v as f64).collect();
    let c = ArrayD::from_shape_vec(IxDyn(shape), values).unwrap();
    match layout {
        0 => c,
        1 => {
            let mut f = ArrayD::zeros(IxDyn(shape).f());
            f.assign(&c);
            f
        }
        _ => {
            let mut r = c;
            if let Some(last) = shape.len().checked_sub(1) {
                r.invert_axis(ndarray::Axis(last));
            }
            r
        }
    }
}

/// Expressions around the subscript `{}`, and `w`, the whole array.
const AROUND: [&str; 6] =
    ["{}", "{} * 2 + 1", "where({} > 3, {}, -{})", "sum({}, axis=-1)", "{} + w", "sqrt({}) - max({})"];

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn subscripts_read_what_a_copy_holds(
        shape in proptest::collection::vec(0usize..7, 0..4),
        layout in 0u8..3,
        items in proptest::collection::vec(item(), 1..5),
        around in proptest::sample::select(AROUND.to_vec()),
        threads in 1usize..4,
        block in proptest::sample::select(vec![1usize, 3, 17, 8192]),
        interpreter in any::<bool>(),
    ) {
        let a = array(&shape, layout);
        let subscript = format!("w[{}]", render_items(&items));
        let text = around.replace("{}", &subscript);
        let backend = if interpreter { Backend::Interpreter } else { Backend::Jit };
        let opts = Options { threads: Some(threads), block_size: block, parallel_threshold: 0, backend, ..Options::default() };
        let w = DynArray::F64(a.clone());
        let mut vars = Vars::new();
        vars.insert("w", &w);
        let got = numjit::evaluate_with(&text, &vars, &opts);
        match select(&shape, &items) {
            None => prop_assert!(got.is_err(), "{text} over {shape:?}: NumPy raises, numjit gives {got:?}"),
            Some(sel) => {
                let copy = DynArray::F64(gather(&a, &sel));
                vars.insert("r", &copy);
                let want = numjit::evaluate_with(&around.replace("{}", "r"), &vars, &opts);
                match (&got, &want) {
                    (Ok(x), Ok(y)) => prop_assert!(same_bits(x, y), "{text} over {shape:?}: {x:?}, the copy gives {y:?}"),
                    (Err(x), Err(y)) => prop_assert!(x.kind == y.kind, "{text} over {shape:?}: {x}, the copy: {y}"),
                    _ => prop_assert!(false, "{text} over {shape:?}: {got:?}, the copy gives {want:?}"),
                }
            }
        }
    }
}
