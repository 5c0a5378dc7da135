//! The reference interpreter: the typed IR evaluated one element at a time in plain Rust.
//!
//! It shares with the JIT the IR, `ops` (the scalar definition of every operation) and, through `ops`,
//! `vmath`'s algorithms, which the JIT emits as vector code and this interpreter runs on scalars: so a
//! disagreement between the two back ends points at the JIT's lowering (or at `jit::vmath`'s `Arith`),
//! and a disagreement with NumPy at `ops`, `vmath` or the type checker; neither back end can see a shape
//! the type checker lost, which `fuzz::numpy_shape` checks from the tree alone. It is also a selectable
//! back end (`Backend::Interpreter`). Slow by design: clarity over speed, and no `unsafe`.

use crate::contract::ElementKernel;
use crate::dtype::{DType, Scalar};
use crate::ir::{Graph, Op};
use crate::ops;

/// Evaluates the graph for one element, given one value per input (a byte-string input's is its bytes in
/// `strings`, its entry of `inputs` unused).
pub fn eval_element(graph: &Graph, inputs: &[Scalar], strings: &[&[u8]], scratch: &mut Vec<Scalar>) -> Scalar {
    scratch.clear();
    for node in &graph.nodes {
        let v = match node.op {
            Op::Input(i) => inputs[i],
            Op::Const(c) => c,
            Op::Cast(a) => ops::cast(scratch[a], node.dtype),
            Op::Unary(op, a) => ops::unary_at(graph.precision, op, scratch[a]),
            Op::Binary(op, a, b) => ops::binary_at(graph.precision, op, scratch[a], scratch[b]),
            Op::Reduce(..) => unreachable!("reductions are split into stages before evaluation"),
            Op::Bytes(op, a, b) => Scalar::Bool(ops::bytes(op, strings[a], strings[b])),
            Op::MulAdd(a, b, c) => ops::mul_add(scratch[a], scratch[b], scratch[c]),
            Op::Where(c, x, y) => match scratch[c] {
                Scalar::Bool(true) => scratch[x],
                _ => scratch[y],
            },
        };
        scratch.push(v);
    }
    scratch[graph.root]
}

/// Evaluates `len` elements: `inputs[i]` holds `len` contiguous elements of input `i` as bytes (or is
/// `None` for an input the result does not depend on), and `output` receives `len` elements of the result
/// (for a graph of a complex result, each element's real part and then its imaginary part).
pub fn eval_block(graph: &Graph, inputs: &[Option<&[u8]>], output: &mut [u8], len: usize) {
    let mut scratch = Vec::with_capacity(graph.nodes.len());
    // An input the result does not depend on reads as zero (a byte string as empty).
    let zero = |t: DType| if t.is_bytes() { Scalar::Bool(false) } else { ops::cast(Scalar::I64(0), t) };
    let mut args: Vec<Scalar> = graph.inputs.iter().map(|i| zero(i.dtype)).collect();
    let mut strings: Vec<&[u8]> = vec![&[]; graph.inputs.len()];
    let out_size = graph.result_dtype().size();
    let part = graph.dtype().size();
    for j in 0..len {
        for (k, input) in inputs.iter().enumerate() {
            if let Some(input) = input {
                let (dt, n) = (graph.inputs[k].dtype, graph.inputs[k].dtype.size());
                if dt.is_bytes() {
                    strings[k] = &input[j * n..(j + 1) * n];
                } else {
                    args[k] = Scalar::from_bytes(dt, &input[j * n..]);
                }
            }
        }
        let v = eval_element(graph, &args, &strings, &mut scratch);
        v.write_bytes(&mut output[j * out_size..]);
        if let Some(im) = graph.imag_root {
            scratch[im].write_bytes(&mut output[j * out_size + part..]);
        }
    }
}

/// A graph as an `ElementKernel`: the interpreter as a back end of the executor.
pub struct Reference<'g> {
    pub graph: &'g Graph,
}

impl ElementKernel for Reference<'_> {
    fn input_dtypes(&self) -> Vec<DType> {
        self.graph.inputs.iter().map(|i| i.dtype).collect()
    }

    fn used(&self) -> Vec<bool> {
        self.graph.used_inputs()
    }

    fn dtype(&self) -> DType {
        self.graph.result_dtype()
    }

    fn eval(&self, inputs: &[Option<&[u8]>], out: &mut [u8], len: usize) {
        eval_block(self.graph, inputs, out, len);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;
    use crate::typeck::check_text;

    #[test]
    fn evaluates_a_block() {
        let g = check_text("where(a > 1.5, a * 2, -a)", &[("a", DType::F64)], Default::default()).unwrap().main;
        let a: Vec<u8> = [1.0f64, 2.0, 3.0].iter().flat_map(|v| v.to_le_bytes()).collect();
        let mut out = vec![0u8; 24];
        eval_block(&g, &[Some(&a)], &mut out, 3);
        let got: Vec<f64> = out.chunks(8).map(|c| f64::from_le_bytes(c.try_into().unwrap())).collect();
        assert_eq!(got, [-1.0, 4.0, 6.0]);
    }
}
