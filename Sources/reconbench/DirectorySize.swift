import Foundation

/// The size of a directory tree's regular files.
enum DirectorySize {
    /// Bytes allocated under `path`, like `du` (0 when it does not exist).
    static func bytes(_ path: String) -> UInt64 {
        total(path) { UInt64($0.st_blocks) * 512 }
    }

    /// The sum of the file lengths under `path`, like `du --apparent-size`.
    static func apparentBytes(_ path: String) -> UInt64 {
        total(path) { UInt64($0.st_size) }
    }

    private static func total(_ path: String, _ size: (stat) -> UInt64) -> UInt64 {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total: UInt64 = 0
        for case let relative as String in walker {
            var info = stat()
            if lstat(path + "/" + relative, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
                total += size(info)
            }
        }
        return total
    }
}
