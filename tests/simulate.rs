//! `simulate` is deterministic: the same seed writes byte-identical files; another seed does not.

use std::collections::BTreeMap;
use std::path::Path;
use wallet_audit::simulate::{Options, run};

fn files(dir: &Path, seed: u64) -> BTreeMap<String, Vec<u8>> {
    run(&Options { seed, days: 60, scale: 1.0, out: dir.to_path_buf(), ordinary: false }).expect("simulate");
    std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .map(|p| (p.file_name().unwrap_or_default().to_string_lossy().into_owned(), std::fs::read(&p).expect("read")))
        .collect()
}

#[test]
fn the_same_seed_writes_the_same_bytes() {
    let (a, b, c) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (first, second, other) = (files(a.path(), 7), files(b.path(), 7), files(c.path(), 8));
    assert_eq!(first.keys().collect::<Vec<_>>(), second.keys().collect::<Vec<_>>());
    assert_eq!(first.len(), 7, "{:?}", first.keys());
    for (name, bytes) in &first {
        assert!(bytes == &second[name], "{name} differs between two runs of one seed");
    }
    assert_ne!(first.get("attempts.csv"), other.get("attempts.csv"));
}

#[test]
fn nothing_but_the_exports_and_truth_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = files(dir.path(), 3).into_keys().collect();
    assert!(names.iter().all(|n| n.ends_with(".csv") || n == "truth.json"), "{names:?}");
}

#[test]
fn ordinary_life_is_one_export_per_source_and_no_incident() {
    let dir = tempfile::tempdir().unwrap();
    let o = Options { seed: 4, days: 30, scale: 1.0, out: dir.path().to_path_buf(), ordinary: true };
    let summary = run(&o).expect("simulate");
    assert_eq!(summary.files.len(), 4, "{:?}", summary.files);
    assert_eq!(summary.incidents, 0);
    let truth = std::fs::read_to_string(dir.path().join("truth.json")).unwrap();
    let truth: wallet_audit::simulate::truth::TruthFile = serde_json::from_str(&truth).unwrap();
    assert!(truth.ordinary && truth.incidents.is_empty() && truth.controls.is_empty());
}

#[test]
fn too_few_days_for_the_incidents_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = Options { seed: 1, days: 20, scale: 1.0, out: dir.path().to_path_buf(), ordinary: false };
    let err = run(&o).expect_err("20 days are too few");
    assert!(err.contains("--days 60"), "{err}");
}

#[test]
fn a_rerun_replaces_its_earlier_files_and_a_foreign_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let o = |seed| Options { seed, days: 60, scale: 1.0, out: dir.path().to_path_buf(), ordinary: false };
    run(&o(1)).expect("first run");
    run(&o(2)).expect("second run replaces the first");
    let csvs = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "csv"));
    assert_eq!(csvs.count(), 6);
    std::fs::write(dir.path().join("mine.csv"), "x").unwrap();
    assert!(run(&o(3)).expect_err("foreign file").contains("mine.csv"));
}
