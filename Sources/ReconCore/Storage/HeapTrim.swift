import Foundation

/// Returns freed heap memory to the operating system (glibc's `malloc_trim(0)`, looked up
/// at run time: Swift's Glibc module does not import `malloc.h`). A no-op where the C
/// library has no such call.
enum HeapTrim {
    private typealias MallocTrim = @convention(c) (Int) -> Int32

    private static let mallocTrim: MallocTrim? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: MallocTrim.self)
    }()

    /// Trims every malloc arena. Takes milliseconds on a large heap: call it after a big
    /// release (recond: once per retired generation, by whoever drops its last lease).
    static func returnFreeMemory() {
        _ = mallocTrim?(0)
    }
}
