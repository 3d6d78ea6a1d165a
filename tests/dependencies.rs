//! No network (issue #6, README "It runs offline on the files you give it"): this test fails if
//! a networking crate enters the dependency tree.
//!
//! Two sources are checked: `Cargo.lock` as text (its `[[package]]` names), and what Cargo
//! actually builds (`cargo tree --frozen`, normal, build and dev edges). They differ:
//! `Cargo.lock` also records optional dependencies that some weak dependency feature
//! (`dep?/feature`) names, although they are never built (rust-lang/cargo#10801). Every
//! networking crate found in either must be listed below with the reason it cannot open a
//! connection in our build; a new one fails the test, and so does an allowance no longer needed.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Command;

/// Crates that open connections, speak a network protocol or do TLS.
const NETWORKING: &[&str] = &[
    "reqwest",
    "hyper",
    "hyper-util",
    "hyper-rustls",
    "hyper-tls",
    "h2",
    "h3",
    "tokio",
    "tokio-rustls",
    "tokio-native-tls",
    "tokio-tungstenite",
    "ureq",
    "curl",
    "curl-sys",
    "isahc",
    "surf",
    "native-tls",
    "openssl",
    "openssl-sys",
    "rustls",
    "socket2",
    "mio",
    "tungstenite",
    "async-std",
    "async-net",
    "attohttpc",
    "minreq",
    "quinn",
    "quinn-proto",
    "quinn-udp",
    "object_store",
    "trust-dns-resolver",
    "hickory-resolver",
    "hickory-proto",
    "ssh2",
    "libssh2-sys",
    "lettre",
    "actix-web",
    "axum",
    "warp",
    "tiny_http",
];

/// Built into the binary, and why none of them can open a connection in our build.
///
/// polars-core 0.55 and polars-async 0.55 depend on tokio, unconditionally, with the features
/// `rt-multi-thread`, `sync`, `net` and `time`: polars runs its executor on a tokio runtime.
/// The `net` feature compiles tokio's socket types and pulls in mio (the event loop those
/// sockets would use) and socket2 (socket options). Nothing in our build calls them: the only
/// socket code in polars is polars-io's `cloud` module (object stores over HTTP, DNS cache),
/// compiled only with the `cloud` feature, which `no_cloud_feature_and_no_socket_in_our_code`
/// asserts is off; and our own code has no tokio dependency and no socket.
const BUILT_ALLOWED: &[(&str, &str)] = &[
    ("tokio", "polars' async runtime (polars-core, polars-async); its `net` types are never called"),
    ("mio", "tokio's `net` feature; no socket is ever registered"),
    ("socket2", "tokio's `net` feature; no socket is ever made"),
];

/// In Cargo.lock only, never built. polars-lazy names `polars-stream?/…` in its features
/// (`cum_agg = ["polars-expr/cum_agg", "polars-stream?/cum_agg"]`, and `lazy`, `abs` likewise),
/// and polars' crates name `polars-io`'s and `polars-error`'s optional `object_store` the same
/// way; Cargo puts optional dependencies named by weak features into Cargo.lock with all their
/// dependencies (rust-lang/cargo#10801, #11426) but builds them only if some feature enables
/// them, which none does: `locked_only_crates_are_never_built` runs `cargo tree` to prove it.
/// They are polars' cloud stack: object_store → reqwest → hyper, h2, rustls, quinn.
const LOCKED_ONLY: &[&str] = &[
    "reqwest",
    "hyper",
    "hyper-util",
    "hyper-rustls",
    "h2",
    "tokio-rustls",
    "rustls",
    "quinn",
    "quinn-proto",
    "quinn-udp",
    "object_store",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `name = "…"` of every `[[package]]` in Cargo.lock.
fn locked_packages() -> BTreeSet<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).expect("Cargo.lock");
    let mut names = BTreeSet::new();
    let mut in_package = false;
    for line in lock.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[[package]]";
        } else if in_package && let Some(name) = line.strip_prefix("name = ") {
            names.insert(name.trim_matches('"').to_string());
        }
    }
    names
}

fn cargo(args: &[&str]) -> String {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(args)
        .arg("--manifest-path")
        .arg(root().join("Cargo.toml"))
        .output()
        .expect("cargo runs");
    assert!(out.status.success(), "cargo {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The packages Cargo builds for this crate, its tests included: `cargo tree`, no network.
fn built_packages() -> BTreeSet<String> {
    cargo(&["tree", "--frozen", "--prefix", "none", "-e", "normal,build,dev"])
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

fn networking(names: &BTreeSet<String>) -> BTreeSet<String> {
    names.iter().filter(|n| NETWORKING.contains(&n.as_str())).cloned().collect()
}

#[test]
fn cargo_lock_holds_no_networking_crate_without_an_allowance() {
    let locked = locked_packages();
    assert!(locked.contains("wallet-audit") && locked.len() > 50, "Cargo.lock parsed: {} packages", locked.len());
    let unexplained: Vec<String> = networking(&locked)
        .into_iter()
        .filter(|n| !LOCKED_ONLY.contains(&n.as_str()) && !BUILT_ALLOWED.iter().any(|(a, _)| a == n))
        .collect();
    assert!(unexplained.is_empty(), "networking crates in Cargo.lock: {unexplained:?}; see `cargo tree -i NAME`");
}

#[test]
fn every_allowance_is_still_needed() {
    let locked = locked_packages();
    let stale: Vec<&str> = LOCKED_ONLY
        .iter()
        .copied()
        .chain(BUILT_ALLOWED.iter().map(|(n, _)| *n))
        .filter(|n| !locked.contains(*n))
        .collect();
    assert!(stale.is_empty(), "no longer in Cargo.lock, remove the allowance: {stale:?}");
}

#[test]
fn locked_only_crates_are_never_built() {
    let built = built_packages();
    assert!(built.contains("polars") && built.contains("assert_cmd"), "cargo tree lists the build: {built:?}");
    let unexpected: Vec<String> =
        networking(&built).into_iter().filter(|n| !BUILT_ALLOWED.iter().any(|(a, _)| a == n)).collect();
    assert!(unexpected.is_empty(), "networking crates built: {unexpected:?}; see `cargo tree -e features -i NAME`");
}

/// tokio comes only through polars, polars-io's socket code is not compiled, and our own code
/// opens no socket.
#[test]
fn no_cloud_feature_and_no_socket_in_our_code() {
    let dependents: BTreeSet<String> = cargo(&["tree", "--frozen", "--prefix", "none", "-e", "normal", "-i", "tokio"])
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|n| *n != "tokio" && !["mio", "socket2"].contains(n))
        .map(str::to_string)
        .collect();
    let not_polars: Vec<&String> =
        dependents.iter().filter(|n| !n.starts_with("polars") && n.as_str() != "wallet-audit").collect();
    assert!(not_polars.is_empty(), "tokio reached through {not_polars:?}");
    let direct = cargo(&["tree", "--frozen", "--prefix", "none", "-e", "normal", "--depth", "1"]);
    for (name, _) in BUILT_ALLOWED {
        assert!(
            !direct.lines().skip(1).any(|l| l.split_whitespace().next() == Some(name)),
            "{name} is a direct dependency"
        );
    }
    let features = cargo(&["tree", "--frozen", "-e", "features", "-i", "polars-io"]);
    for cloud in ["\"cloud\"", "\"aws\"", "\"gcp\"", "\"azure\"", "\"http\"", "\"catalog\""] {
        assert!(!features.contains(&format!("polars-io feature {cloud}")), "polars-io is built with {cloud}");
    }
    let mut sources = vec![root().join("src")];
    let mut offenders = Vec::new();
    while let Some(dir) = sources.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for needle in ["std::net", "tokio::", "TcpStream", "UdpSocket", "TcpListener", "ToSocketAddrs"] {
                    if text.contains(needle) {
                        offenders.push(format!("{}: {needle}", path.display()));
                    }
                }
            }
        }
    }
    assert!(offenders.is_empty(), "networking in our code: {offenders:?}");
}
