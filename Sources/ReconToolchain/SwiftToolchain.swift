/// The Swift toolchain that compiled this code, as `swift-<major>.<minor>.<patch>`.
/// Swift has no stable ABI on Linux: the host refuses Swift plugins whose descriptor
/// names another toolchain than its own, and the plugin SDK reports its own here.
public enum SwiftToolchain {
    /// `"swift-6.3.1"` and so on, resolved at compile time.
    public static let current: String = "swift-" + compilerVersion
}

/// The compiler version, resolved at compile time.
private let compilerVersion: String = {
    #if compiler(>=7.0)
    return "7.x"
    #elseif compiler(>=6.5)
    return "6.5.x"
    #elseif compiler(>=6.4.2)
    return "6.4.2"
    #elseif compiler(>=6.4.1)
    return "6.4.1"
    #elseif compiler(>=6.4)
    return "6.4.0"
    #elseif compiler(>=6.3.4)
    return "6.3.4"
    #elseif compiler(>=6.3.3)
    return "6.3.3"
    #elseif compiler(>=6.3.2)
    return "6.3.2"
    #elseif compiler(>=6.3.1)
    return "6.3.1"
    #elseif compiler(>=6.3)
    return "6.3.0"
    #else
    return "6.x"
    #endif
}()
