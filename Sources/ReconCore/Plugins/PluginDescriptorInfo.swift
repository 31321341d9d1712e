import CReconTask
import ReconToolchain

/// A plugin route, copied out of the C descriptor.
public struct PluginRoute: Sendable, Equatable {
    /// HTTP method, upper case.
    public var method: String
    /// Path under `/api/v1`, such as `/containers/{id}/keys`.
    public var path: String
    /// Whether an admin token is required when tokens are configured.
    public var adminOnly: Bool
}

/// The Swift copy of a plugin's self-description, checked against this host.
public struct PluginDescriptorInfo: Sendable, Equatable {
    /// Unique plugin name.
    public var name: String
    /// Plugin version; a change triggers a full reprocess.
    public var version: String
    /// One-line description.
    public var summary: String
    /// Toolchain the plugin was built with.
    public var builtWith: String
    /// ABI major the plugin was compiled against.
    public var abiMajor: Int
    /// ABI minor the plugin was compiled against.
    public var abiMinor: Int
    /// OM column families consumed; `["*"]` means every table.
    public var omTables: [String]
    /// Key/value tables, in declaration order (the index is the ABI table id).
    public var kvTables: [String]
    /// Query routes.
    public var routes: [PluginRoute]
    /// Whether the plugin implements the reprocess map/reduce.
    public var supportsReprocess: Bool

    /// The ABI version as `major.minor`.
    public var abiVersion: String { "\(abiMajor).\(abiMinor)" }

    /// Whether the plugin wants events of `table`.
    public func consumes(table: String) -> Bool {
        omTables.contains("*") || omTables.contains(table)
    }
}

extension PluginDescriptorInfo {
    /// Reads and validates a descriptor returned by a plugin's entry function.
    /// Throws the reason as a string; the loader adds the plugin and path.
    static func read(_ d: UnsafePointer<recon_task_descriptor>) throws(DescriptorProblem) -> PluginDescriptorInfo {
        let raw = d.pointee
        let minimumSize = MemoryLayout<recon_task_descriptor>.offset(of: \.on_generation_switch)!
        guard Int(raw.struct_size) >= minimumSize else {
            throw DescriptorProblem("descriptor struct_size \(raw.struct_size) is smaller than ABI 1.0's \(minimumSize) bytes")
        }
        let major = Int(raw.abi_major), minor = Int(raw.abi_minor)
        let hostMajor = Int(RECON_TASK_ABI_MAJOR), hostMinor = Int(RECON_TASK_ABI_MINOR)
        guard major == hostMajor else {
            throw DescriptorProblem("built against ABI \(major).\(minor); this host speaks ABI \(hostMajor).\(hostMinor) and major versions must match")
        }
        guard minor <= hostMinor else {
            throw DescriptorProblem("built against ABI \(major).\(minor), newer than this host's ABI \(hostMajor).\(hostMinor); upgrade recond")
        }
        guard let name = raw.name.map({ String(cString: $0) }) else {
            throw DescriptorProblem("descriptor has no name")
        }
        guard PluginName.isValid(name) else {
            throw DescriptorProblem("descriptor name '\(name)' is not valid: use [a-z][a-z0-9_]{0,63}")
        }
        guard let version = raw.version.map({ String(cString: $0) }), !version.isEmpty else {
            throw DescriptorProblem("descriptor has no version")
        }
        guard raw.create != nil else { throw DescriptorProblem("descriptor has no create callback") }
        guard raw.process != nil else { throw DescriptorProblem("descriptor has no process callback") }
        let reprocessCallbacks = [raw.reprocess_begin != nil, raw.reprocess_chunk != nil, raw.reprocess_merge != nil]
        guard reprocessCallbacks.allSatisfy({ $0 }) || reprocessCallbacks.allSatisfy({ !$0 }) else {
            throw DescriptorProblem("reprocess_begin, reprocess_chunk and reprocess_merge must be all set or all NULL")
        }

        let omTables = try readStrings(raw.om_tables, count: raw.om_table_count, what: "om_tables")
        guard !omTables.isEmpty else { throw DescriptorProblem("descriptor consumes no OM tables") }

        var kvTables: [String] = []
        for i in 0..<raw.kv_table_count {
            guard let base = raw.kv_tables, let cName = base[i].name else {
                throw DescriptorProblem("kv_tables[\(i)] has no name")
            }
            let table = String(cString: cName)
            guard PluginName.isValidTable(table) else {
                throw DescriptorProblem("kv table name '\(table)' is not valid: use [a-z0-9_]{1,64}")
            }
            guard !kvTables.contains(table) else { throw DescriptorProblem("kv table '\(table)' is declared twice") }
            kvTables.append(table)
        }

        var routes: [PluginRoute] = []
        for i in 0..<raw.route_count {
            guard let base = raw.routes, let m = base[i].method, let p = base[i].path else {
                throw DescriptorProblem("routes[\(i)] has no method or path")
            }
            let route = PluginRoute(
                method: String(cString: m).uppercased(), path: String(cString: p),
                adminOnly: base[i].flags & UInt32(RECON_ROUTE_ADMIN.rawValue) != 0)
            guard ["GET", "POST", "PUT", "DELETE"].contains(route.method) else {
                throw DescriptorProblem("route \(route.method) \(route.path): method must be GET, POST, PUT or DELETE")
            }
            guard route.path.hasPrefix("/"), !route.path.hasPrefix("/api/"), !route.path.contains("//") else {
                throw DescriptorProblem("route \(route.method) \(route.path): path must start with '/' and is relative to /api/v1")
            }
            routes.append(route)
        }
        if !routes.isEmpty && raw.handle == nil {
            throw DescriptorProblem("descriptor declares routes but no handle callback")
        }

        let builtWith = raw.built_with.map { String(cString: $0) } ?? "unknown"
        if builtWith.hasPrefix("swift-"), builtWith != SwiftToolchain.current {
            throw DescriptorProblem(
                "built with \(builtWith) but this host was built with \(SwiftToolchain.current); Swift plugins must be built with the same toolchain as recond (Swift's ABI is not stable on Linux)")
        }
        return PluginDescriptorInfo(
            name: name, version: version,
            summary: raw.description.map { String(cString: $0) } ?? "",
            builtWith: builtWith,
            abiMajor: major, abiMinor: minor,
            omTables: omTables, kvTables: kvTables, routes: routes,
            supportsReprocess: raw.reprocess_chunk != nil)
    }

    private static func readStrings(
        _ base: UnsafePointer<UnsafePointer<CChar>?>?, count: Int, what: String
    ) throws(DescriptorProblem) -> [String] {
        guard count > 0 else { return [] }
        guard let base else { throw DescriptorProblem("\(what) is NULL but its count is \(count)") }
        var out: [String] = []
        for i in 0..<count {
            guard let s = base[i] else { throw DescriptorProblem("\(what)[\(i)] is NULL") }
            out.append(String(cString: s))
        }
        return out
    }
}

/// A descriptor check that failed, as one line.
struct DescriptorProblem: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// Naming rule shared by plugins and their tables.
enum PluginName {
    /// `[a-z][a-z0-9_]{0,63}`
    static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count), let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else {
            return false
        }
        return bytes.allSatisfy(isNameByte)
    }

    /// `[a-z0-9_]{1,64}`
    static func isValidTable(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return (1...64).contains(bytes.count) && bytes.allSatisfy(isNameByte)
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
            || b == UInt8(ascii: "_")
    }
}
