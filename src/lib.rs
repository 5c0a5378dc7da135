pub mod dtype;
pub mod error;
pub mod funcs;
pub mod ir;
pub mod ops;
pub mod span;
pub mod syntax;
pub mod typeck;
