//! The arrays the public API takes and returns: views of any of the element types, any dimension.

use ndarray::{ArrayBase, ArrayD, ArrayViewD, ArrayViewMutD, Data, DataMut, Dimension, IxDyn};

use crate::dtype::DType;
use crate::error::{Error, ErrorKind, Result};

mod sealed {
    pub trait Sealed {}
}

/// An element type numjit computes with: `bool`, the integers `i8` to `i64` and `u8` to `u64`, `f16` (the
/// `half` crate's, re-exported as `numjit::f16`), `f32`, `f64`, and the complex numbers `Complex<f32>` and
/// `Complex<f64>` (`num_complex`'s, re-exported as `numjit::Complex`).
pub trait Element: sealed::Sealed + Copy + Send + Sync + 'static {
    const DTYPE: DType;
    #[doc(hidden)]
    fn view(v: ArrayViewD<'_, Self>) -> ArrayRef<'_>;
    #[doc(hidden)]
    fn view_mut(v: ArrayViewMutD<'_, Self>) -> ArrayMut<'_>;
    #[doc(hidden)]
    fn owned(a: ArrayD<Self>) -> DynArray;
    #[doc(hidden)]
    fn from_owned(a: DynArray) -> std::result::Result<ArrayD<Self>, DynArray>;
}

macro_rules! elements {
    ($($t:ty => $variant:ident),*) => {
        /// A read-only view of an array of any supported element type.
        ///
        /// `Bytes` is an array of byte strings (NumPy's `S<n>`): the `u8` view's last axis holds each
        /// string's `n` bytes, NUL-padded (NumPy's `a.view('u1').reshape(a.shape + (n,))`); the array's
        /// shape is the view's without that axis.
        #[derive(Clone, Debug)]
        pub enum ArrayRef<'a> { $($variant(ArrayViewD<'a, $t>),)* Bytes(ArrayViewD<'a, u8>) }

        /// A writable view of an array of any supported element type (`Bytes` as in `ArrayRef`; no
        /// expression computes byte strings, so no result is written to one).
        #[derive(Debug)]
        pub enum ArrayMut<'a> { $($variant(ArrayViewMutD<'a, $t>),)* Bytes(ArrayViewMutD<'a, u8>) }

        /// An owned array of any supported element type: what evaluation returns (`Bytes` as in
        /// `ArrayRef`: byte strings, for the command's variables; no evaluation returns them).
        #[derive(Clone, Debug, PartialEq)]
        pub enum DynArray { $($variant(ArrayD<$t>),)* Bytes(ArrayD<u8>) }

        $(
            impl sealed::Sealed for $t {}
            impl Element for $t {
                const DTYPE: DType = DType::$variant;
                fn view(v: ArrayViewD<'_, Self>) -> ArrayRef<'_> { ArrayRef::$variant(v) }
                fn view_mut(v: ArrayViewMutD<'_, Self>) -> ArrayMut<'_> { ArrayMut::$variant(v) }
                fn owned(a: ArrayD<Self>) -> DynArray { DynArray::$variant(a) }
                fn from_owned(a: DynArray) -> std::result::Result<ArrayD<Self>, DynArray> {
                    match a { DynArray::$variant(a) => Ok(a), other => Err(other) }
                }
            }
        )*

        impl ArrayRef<'_> {
            pub fn dtype(&self) -> DType { match self { $(ArrayRef::$variant(_) => DType::$variant,)* ArrayRef::Bytes(a) => bytes_dtype(a.shape()) } }
            pub fn shape(&self) -> &[usize] { match self { $(ArrayRef::$variant(a) => a.shape(),)* ArrayRef::Bytes(a) => outer(a.shape()) } }
            /// The strides in elements (a byte string's in bytes: see `kernel`'s resolution of them).
            pub(crate) fn strides(&self) -> &[isize] { match self { $(ArrayRef::$variant(a) => a.strides(),)* ArrayRef::Bytes(a) => outer(a.strides()) } }
            pub(crate) fn ptr(&self) -> *const u8 { match self { $(ArrayRef::$variant(a) => a.as_ptr() as *const u8,)* ArrayRef::Bytes(a) => a.as_ptr() } }
            pub(crate) fn is_standard_layout(&self) -> bool { match self { $(ArrayRef::$variant(a) => a.is_standard_layout(),)* ArrayRef::Bytes(a) => a.is_standard_layout() } }
            /// The same view with a shorter lifetime.
            pub(crate) fn view_short(&self) -> ArrayRef<'_> { match self { $(ArrayRef::$variant(a) => ArrayRef::$variant(a.view()),)* ArrayRef::Bytes(a) => ArrayRef::Bytes(a.view()) } }
            /// A C-order copy.
            pub fn to_owned(&self) -> DynArray { match self { $(ArrayRef::$variant(a) => DynArray::$variant(a.as_standard_layout().into_owned()),)* ArrayRef::Bytes(a) => DynArray::Bytes(a.as_standard_layout().into_owned()) } }
        }

        impl<'a> ArrayRef<'a> {
            /// The same view for a shorter lifetime (views are invariant in theirs).
            /// The view `elems` select (in range: `kernel::slice` checks them); a byte-string array's
            /// strings stay whole, its last axis taken as it is.
            pub(crate) fn slice_move(self, elems: &[ndarray::SliceInfoElem]) -> ArrayRef<'a> {
                let info = |e: &[ndarray::SliceInfoElem]| {
                    ndarray::SliceInfo::<Vec<_>, IxDyn, IxDyn>::try_from(e.to_vec()).expect("dynamic dimensions")
                };
                match self {
                    $(ArrayRef::$variant(a) => ArrayRef::$variant(a.slice_move(info(elems))),)*
                    ArrayRef::Bytes(a) => {
                        let mut e = elems.to_vec();
                        e.push(ndarray::SliceInfoElem::Slice { start: 0, end: None, step: 1 });
                        ArrayRef::Bytes(a.slice_move(info(&e)))
                    }
                }
            }
            pub(crate) fn reborrow<'b>(self) -> ArrayRef<'b> where 'a: 'b { match self { $(ArrayRef::$variant(a) => ArrayRef::$variant(a.reborrow()),)* ArrayRef::Bytes(a) => ArrayRef::Bytes(a.reborrow()) } }
        }

        impl ArrayMut<'_> {
            pub fn dtype(&self) -> DType { match self { $(ArrayMut::$variant(_) => DType::$variant,)* ArrayMut::Bytes(a) => bytes_dtype(a.shape()) } }
            pub fn shape(&self) -> &[usize] { match self { $(ArrayMut::$variant(a) => a.shape(),)* ArrayMut::Bytes(a) => outer(a.shape()) } }
            pub(crate) fn strides(&self) -> &[isize] { match self { $(ArrayMut::$variant(a) => a.strides(),)* ArrayMut::Bytes(a) => outer(a.strides()) } }
            pub(crate) fn ptr(&mut self) -> *mut u8 { match self { $(ArrayMut::$variant(a) => a.as_mut_ptr() as *mut u8,)* ArrayMut::Bytes(a) => a.as_mut_ptr() } }
        }

        impl DynArray {
            pub fn dtype(&self) -> DType { match self { $(DynArray::$variant(_) => DType::$variant,)* DynArray::Bytes(a) => bytes_dtype(a.shape()) } }
            pub fn shape(&self) -> &[usize] { match self { $(DynArray::$variant(a) => a.shape(),)* DynArray::Bytes(a) => outer(a.shape()) } }
            /// A read-only view, to pass the array back in as a variable.
            pub fn view(&self) -> ArrayRef<'_> { match self { $(DynArray::$variant(a) => ArrayRef::$variant(a.view()),)* DynArray::Bytes(a) => ArrayRef::Bytes(a.view()) } }
            /// A writable view, to evaluate into.
            pub fn view_mut(&mut self) -> ArrayMut<'_> { match self { $(DynArray::$variant(a) => ArrayMut::$variant(a.view_mut()),)* DynArray::Bytes(a) => ArrayMut::Bytes(a.view_mut()) } }
        }
    };
}

elements!(
    bool => Bool, i8 => I8, i16 => I16, i32 => I32, i64 => I64, u8 => U8, u16 => U16, u32 => U32, u64 => U64,
    half::f16 => F16, f32 => F32, f64 => F64, num_complex::Complex<f32> => C64, num_complex::Complex<f64> => C128
);

/// The longest byte strings numjit takes (a block's buffers hold several of them).
pub const MAX_BYTES: usize = 1 << 20;

/// The dtype of a byte-string array held as `u8` with the strings' bytes along the last axis (an array
/// with no axes, or one wider than `MAX_BYTES`, is refused where variables are resolved: see `kernel`).
fn bytes_dtype(shape: &[usize]) -> DType {
    DType::Bytes(shape.last().map_or(0, |&n| u32::try_from(n).unwrap_or(u32::MAX)))
}

/// All but the last axis: a byte-string array's own axes.
fn outer<T>(v: &[T]) -> &[T] {
    &v[..v.len().saturating_sub(1)]
}

impl<'a> ArrayRef<'a> {
    /// Byte strings (NumPy's `S<n>`) from a `u8` array whose last axis holds each string's `n` bytes.
    pub fn bytes<D: Dimension>(strings: ndarray::ArrayView<'a, u8, D>) -> ArrayRef<'a> {
        ArrayRef::Bytes(strings.into_dyn())
    }

    /// The real (or with `imag`, the imaginary) parts of a complex array as a float view of the same
    /// elements; `None` for a real array.
    pub(crate) fn complex_part(self, imag: bool) -> Option<ArrayRef<'a>> {
        Some(match self {
            ArrayRef::C64(a) => {
                let c = a.split_complex();
                ArrayRef::F32(if imag { c.im } else { c.re })
            }
            ArrayRef::C128(a) => {
                let c = a.split_complex();
                ArrayRef::F64(if imag { c.im } else { c.re })
            }
            _ => return None,
        })
    }
}

impl<'a> ArrayMut<'a> {
    /// A complex array's real and imaginary parts as writable float views; the array itself where it is
    /// real.
    pub(crate) fn split_complex(self) -> std::result::Result<(ArrayMut<'a>, ArrayMut<'a>), ArrayMut<'a>> {
        match self {
            ArrayMut::C64(a) => {
                let c = a.split_complex();
                Ok((ArrayMut::F32(c.re), ArrayMut::F32(c.im)))
            }
            ArrayMut::C128(a) => {
                let c = a.split_complex();
                Ok((ArrayMut::F64(c.re), ArrayMut::F64(c.im)))
            }
            other => Err(other),
        }
    }

    /// A read-only view of the same elements.
    pub(crate) fn view(&self) -> ArrayRef<'_> {
        macro_rules! view {
            ($($variant:ident),*) => {
                match self { $(ArrayMut::$variant(a) => ArrayRef::$variant(a.view())),* }
            };
        }
        view!(Bool, I8, I16, I32, I64, U8, U16, U32, U64, F16, F32, F64, C64, C128, Bytes)
    }

    /// Copies `a`, of the same dtype and shape, into this array.
    pub(crate) fn assign(&mut self, a: &DynArray) {
        macro_rules! assign {
            ($($variant:ident),*) => {
                match (self, a) {
                    $((ArrayMut::$variant(o), DynArray::$variant(a)) => o.assign(a),)*
                    _ => unreachable!("assign takes an array of the same dtype"),
                }
            };
        }
        assign!(Bool, I8, I16, I32, I64, U8, U16, U32, U64, F16, F32, F64, C64, C128, Bytes)
    }
}

impl DynArray {
    /// The array as `ArrayD<T>` if its dtype is `T`'s; an error naming both dtypes otherwise.
    pub fn into_array<T: Element>(self) -> Result<ArrayD<T>> {
        T::from_owned(self).map_err(|a| {
            let message = format!("the result has dtype {}, not {}", a.dtype(), T::DTYPE);
            Error::general(ErrorKind::Output { message })
        })
    }

    pub fn into_bool(self) -> Result<ArrayD<bool>> {
        self.into_array()
    }

    pub fn into_i32(self) -> Result<ArrayD<i32>> {
        self.into_array()
    }

    pub fn into_i64(self) -> Result<ArrayD<i64>> {
        self.into_array()
    }

    pub fn into_f16(self) -> Result<ArrayD<half::f16>> {
        self.into_array()
    }

    pub fn into_f32(self) -> Result<ArrayD<f32>> {
        self.into_array()
    }

    pub fn into_f64(self) -> Result<ArrayD<f64>> {
        self.into_array()
    }

    pub fn into_c64(self) -> Result<ArrayD<num_complex::Complex<f32>>> {
        self.into_array()
    }

    pub fn into_c128(self) -> Result<ArrayD<num_complex::Complex<f64>>> {
        self.into_array()
    }

    pub fn len(&self) -> usize {
        self.shape().iter().product()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T: Element> From<ArrayD<T>> for DynArray {
    fn from(a: ArrayD<T>) -> DynArray {
        T::owned(a)
    }
}

/// What `Vars::insert` accepts: views, and references to arrays, of any dimension.
pub trait IntoArrayRef<'a> {
    fn into_array_ref(self) -> ArrayRef<'a>;
}

impl<'a, T: Element, D: Dimension> IntoArrayRef<'a> for ndarray::ArrayView<'a, T, D> {
    fn into_array_ref(self) -> ArrayRef<'a> {
        T::view(self.into_dyn())
    }
}

impl<'a, T: Element, S: Data<Elem = T>, D: Dimension> IntoArrayRef<'a> for &'a ArrayBase<S, D> {
    fn into_array_ref(self) -> ArrayRef<'a> {
        T::view(self.view().into_dyn())
    }
}

impl<'a> IntoArrayRef<'a> for ArrayRef<'a> {
    fn into_array_ref(self) -> ArrayRef<'a> {
        self
    }
}

impl<'a> IntoArrayRef<'a> for &'a DynArray {
    fn into_array_ref(self) -> ArrayRef<'a> {
        self.view()
    }
}

/// What `Kernel::eval_into` writes to: mutable views, and mutable references to arrays.
pub trait IntoArrayMut<'a> {
    fn into_array_mut(self) -> ArrayMut<'a>;
}

impl<'a, T: Element, D: Dimension> IntoArrayMut<'a> for ndarray::ArrayViewMut<'a, T, D> {
    fn into_array_mut(self) -> ArrayMut<'a> {
        T::view_mut(self.into_dyn())
    }
}

impl<'a, T: Element, S: DataMut<Elem = T>, D: Dimension> IntoArrayMut<'a> for &'a mut ArrayBase<S, D> {
    fn into_array_mut(self) -> ArrayMut<'a> {
        T::view_mut(self.view_mut().into_dyn())
    }
}

impl<'a> IntoArrayMut<'a> for ArrayMut<'a> {
    fn into_array_mut(self) -> ArrayMut<'a> {
        self
    }
}

impl<'a> IntoArrayMut<'a> for &'a mut DynArray {
    fn into_array_mut(self) -> ArrayMut<'a> {
        self.view_mut()
    }
}

/// Named input arrays for an evaluation.
#[derive(Clone, Debug, Default)]
pub struct Vars<'a> {
    vars: Vec<(String, ArrayRef<'a>)>,
}

impl<'a> Vars<'a> {
    pub fn new() -> Vars<'a> {
        Vars::default()
    }

    /// Adds (or replaces) the variable `name`.
    pub fn insert(&mut self, name: impl Into<String>, array: impl IntoArrayRef<'a>) -> &mut Self {
        let name = name.into();
        let array = array.into_array_ref();
        match self.vars.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = array,
            None => self.vars.push((name, array)),
        }
        self
    }

    pub fn get(&self, name: &str) -> Option<&ArrayRef<'a>> {
        self.vars.iter().find(|(n, _)| n == name).map(|(_, a)| a)
    }

    pub fn remove(&mut self, name: &str) -> Option<ArrayRef<'a>> {
        let i = self.vars.iter().position(|(n, _)| n == name)?;
        Some(self.vars.remove(i).1)
    }

    /// The variables' names and dtypes, in insertion order.
    pub fn signature(&self) -> Vec<(&str, DType)> {
        self.vars.iter().map(|(n, a)| (n.as_str(), a.dtype())).collect()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &ArrayRef<'a>)> {
        self.vars.iter().map(|(n, a)| (n.as_str(), a))
    }

    pub fn len(&self) -> usize {
        self.vars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vars.is_empty()
    }
}

/// Builds an empty owned array of `shape` and `dtype`, for `eval_into` callers and the executor.
pub(crate) fn uninit_vec<T: Element>(n: usize) -> Result<Vec<T>> {
    crate::exec::memory::vec_with_capacity(n).map_err(|_| {
        let gb = n as f64 * T::DTYPE.size() as f64 / 1e9;
        let message = format!("cannot allocate the result: {n} elements of {} ({gb:.1} GB)", T::DTYPE);
        Error::general(ErrorKind::Size { message })
    })
}

pub(crate) fn from_vec<T: Element>(shape: &[usize], v: Vec<T>) -> DynArray {
    let a = ArrayD::from_shape_vec(IxDyn(shape), v).expect("the vector holds the shape's elements");
    T::owned(a)
}
