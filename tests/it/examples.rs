//! The seed example as a user runs it (`cargo run --example seed -- SIDE`): a bad side is a usage error
//! (exit 2, before any work), a small one runs the workloads. `cargo test` builds the example beside this
//! test binary (`target/<profile>/examples/`).

use std::process::Command;

fn seed(arg: &str) -> std::process::Output {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap().join("examples");
    let bin = dir.join(format!("seed{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.exists(), "{} is not built (cargo test builds the examples)", bin.display());
    Command::new(bin).arg(arg).output().unwrap()
}

#[test]
fn the_seed_example_rejects_a_bad_side_and_runs_a_small_one() {
    for bad in ["0", "abc", "-1", "1.5", "", "100001"] {
        let o = seed(bad);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "seed {bad}: {err}");
        assert!(err.starts_with("usage: seed [SIDE]"), "seed {bad}: {err}");
        assert!(err.trim_end().ends_with(&format!("not `{bad}`")), "seed {bad}: {err}");
        assert!(o.stdout.is_empty(), "seed {bad} ran");
    }
    let o = seed("3");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("on 3x3 float64") && out.contains("sum((x >= 4) & (x <= 8), axis=1)"), "{out}");
}
