import Foundation

/// Lexical path handling for paths written in the config file.
///
/// Paths are resolved without touching the file system: no symlinks are followed and
/// nothing has to exist yet (the data directory is created later, plugins are opened later).
enum ConfigPaths {
    /// The process's current directory.
    static var currentDirectory: String {
        FileManager.default.currentDirectoryPath
    }

    /// `path` made absolute against `base` (itself made absolute against the current directory),
    /// with `~` / `~/…` expanded from `$HOME` and `.`/`..` components and duplicate slashes removed.
    static func absolute(_ path: String, base: String) -> String {
        var expanded = path
        if expanded == "~" || expanded.hasPrefix("~/"),
           let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty {
            expanded = home + expanded.dropFirst()
        }
        if expanded.hasPrefix("/") {
            return normalize(expanded)
        }
        let absoluteBase = base.hasPrefix("/") ? base : currentDirectory + "/" + base
        return normalize(absoluteBase + "/" + expanded)
    }

    /// Removes empty and `.` components and resolves `..` lexically in an absolute path.
    static func normalize(_ absolutePath: String) -> String {
        var parts: [Substring] = []
        for part in absolutePath.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": _ = parts.popLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The folder part of an absolute path (`/a/b/c.yaml` → `/a/b`, `/c.yaml` → `/`).
    static func directory(of absolutePath: String) -> String {
        guard let slash = absolutePath.lastIndex(of: "/") else { return currentDirectory }
        let dir = String(absolutePath[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// The last component of a path (`conf/config.yaml` → `config.yaml`).
    static func lastComponent(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
