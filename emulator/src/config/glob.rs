//! `*` wildcards, as bucket policies, referer lists and routing use them.

/// Whether `value` matches `pattern`, where `*` stands for any run of
/// characters (`/` included) and everything else matches itself,
/// ASCII-case-insensitively.
pub(crate) fn matches(pattern: &str, value: &str) -> bool {
    let p: Vec<char> = pattern.chars().map(|c| c.to_ascii_lowercase()).collect();
    let v: Vec<char> = value.chars().map(|c| c.to_ascii_lowercase()).collect();
    // Greedy with backtracking to the last star: linear for one star,
    // O(n·m) at worst.
    let (mut pi, mut vi) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while vi < v.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, vi));
            pi += 1;
        } else if pi < p.len() && p[pi] == v[vi] {
            pi += 1;
            vi += 1;
        } else if let Some((sp, sv)) = star {
            pi = sp + 1;
            vi = sv + 1;
            star = Some((sp, sv + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn wildcards() {
        assert!(matches("*", ""));
        assert!(matches("a*", "a/b/c"));
        assert!(matches("*.qq.com", "www.QQ.com"));
        assert!(!matches("*.qq.com", "qq.com"));
        assert!(matches("b/*/x*", "b/1/2/xy"));
        assert!(!matches("b/*/x", "b/1/2/xy"));
        assert!(matches("name/cos:Get*", "name/cos:getobject"));
        assert!(matches("a*b*c", "aXXbYYbc"));
    }
}
