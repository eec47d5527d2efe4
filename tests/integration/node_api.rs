//! README's "Every Node method" table lists each public method of the
//! Node SDK (`tests/vectors/node-api.txt`) once, and every Rust name it
//! marks done exists in the crate's source.

use std::path::Path;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn source_files(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&read(&path));
        }
    }
}

/// Is `name` declared in the source: a public function, constant or type,
/// or an enum variant?
fn declared(source: &str, name: &str) -> bool {
    ["pub fn ", "pub const ", "pub struct ", "pub enum "]
        .iter()
        .any(|kind| source.contains(&format!("{kind}{name}")))
        || source
            .lines()
            .any(|line| line.trim_start().starts_with(&format!("{name}(")))
}

#[test]
fn readme_lists_every_node_method_and_the_done_ones_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let node: Vec<String> = read(&root.join("tests/vectors/node-api.txt"))
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    let readme = read(&root.join("README.md"));
    let section = readme
        .split("### Every Node method")
        .nth(1)
        .expect("README has the table")
        .split("\n### ")
        .next()
        .unwrap();
    let mut source = String::new();
    source_files(&root.join("src"), &mut source);

    let mut listed = Vec::new();
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split(" | ").collect();
        let name = cells[0]
            .trim_start_matches("| ")
            .trim_matches('`')
            .to_string();
        let status = cells[2].trim_end_matches(" |");
        match status {
            "✓" => {
                for rust in cells[1].split('`').skip(1).step_by(2) {
                    let last = rust.rsplit("::").next().unwrap();
                    assert!(declared(&source, last), "{name}: {rust} is not in src/");
                }
            }
            s if s.starts_with("planned (issue") || s.starts_with("not ported: ") => {}
            other => panic!("{name}: unknown status {other:?}"),
        }
        listed.push(name);
    }
    for name in &node {
        let times = listed.iter().filter(|l| *l == name).count();
        assert_eq!(times, 1, "{name} is listed {times} times");
    }
    assert_eq!(
        listed.len(),
        node.len(),
        "the table lists names Node does not have"
    );
}
