import CReconTask
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A plugin library that was opened and whose descriptor passed every check.
/// Not yet created: see ``PluginInstance``.
public struct LoadedPlugin: @unchecked Sendable {
    /// The config entry that named it.
    public let config: PluginConfig
    /// The checked self-description.
    public let info: PluginDescriptorInfo
    /// The plugin-owned descriptor; valid forever (plugins are never unloaded).
    let descriptor: UnsafePointer<recon_task_descriptor>
}

/// Finds plugin libraries and checks them against this host's ABI.
/// A protocol so tests and future loaders (out-of-process plugins) can stand in.
public protocol PluginLoading: Sendable {
    /// Loads every enabled plugin, or throws every refusal (one line each).
    func load(_ plugins: [PluginConfig]) throws(PluginLoadErrors) -> [LoadedPlugin]
}

/// Loads plugins with `dlopen(RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE)` and never unloads them.
public struct DynamicPluginLoader: PluginLoading {
    /// Creates the loader.
    public init() {}

    /// Loads every enabled plugin in config order. Checks: the file exists and is a
    /// shared library, it exports `recon_task_entry_v1`, the entry returns a
    /// descriptor, the descriptor's ABI and fields are acceptable, its name matches
    /// the config, and no two plugins share a name.
    public func load(_ plugins: [PluginConfig]) throws(PluginLoadErrors) -> [LoadedPlugin] {
        var loaded: [LoadedPlugin] = []
        var errors: [PluginLoadError] = []
        for config in plugins where config.enabled {
            do throws(PluginLoadError) {
                let plugin = try loadOne(config)
                if let other = loaded.first(where: { $0.info.name == plugin.info.name }) {
                    throw PluginLoadError(
                        plugin: config.name, path: config.path,
                        reason: "duplicate plugin name '\(plugin.info.name)': already loaded from \(other.config.path)")
                }
                loaded.append(plugin)
            } catch {
                errors.append(error)
            }
        }
        guard errors.isEmpty else { throw PluginLoadErrors(errors: errors) }
        return loaded
    }

    private func loadOne(_ config: PluginConfig) throws(PluginLoadError) -> LoadedPlugin {
        func refuse(_ reason: String) -> PluginLoadError {
            PluginLoadError(plugin: config.name, path: config.path, reason: reason)
        }
        var st = stat()
        guard stat(config.path, &st) == 0 else { throw refuse("file not found") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw refuse("not a regular file") }

        guard let handle = dlopen(config.path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) else {
            let why = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            throw refuse("not a loadable shared library: \(Self.trimDlerror(why, path: config.path))")
        }
        // The handle is deliberately never closed: RTLD_NODELETE plus no dlclose.
        guard let symbol = dlsym(handle, RECON_TASK_ENTRY_NAME) else {
            if let other = Self.otherEntryMajor(handle) {
                throw refuse(
                    "exports recon_task_entry_v\(other) (plugin ABI \(other)), not \(RECON_TASK_ENTRY_NAME): this host speaks ABI \(RECON_TASK_ABI_MAJOR).\(RECON_TASK_ABI_MINOR)")
            }
            throw refuse("no entry symbol: the library does not export \(RECON_TASK_ENTRY_NAME)")
        }
        let entry = unsafeBitCast(symbol, to: recon_task_entry_fn.self)
        var hostInfo = recon_host_info(
            struct_size: UInt32(MemoryLayout<recon_host_info>.size),
            abi_major: UInt16(RECON_TASK_ABI_MAJOR), abi_minor: UInt16(RECON_TASK_ABI_MINOR))
        guard let descriptor = entry(&hostInfo) else {
            throw refuse("the plugin refused this host: \(RECON_TASK_ENTRY_NAME) returned NULL")
        }
        let info: PluginDescriptorInfo
        do {
            info = try PluginDescriptorInfo.read(descriptor)
        } catch {
            throw refuse(error.reason)
        }
        guard info.name == config.name else {
            throw refuse("the config calls it '\(config.name)' but the library's descriptor is named '\(info.name)'")
        }
        return LoadedPlugin(config: config, info: info, descriptor: descriptor)
    }

    /// Finds an entry symbol of another ABI major, to explain a mismatch precisely.
    private static func otherEntryMajor(_ handle: UnsafeMutableRawPointer) -> Int? {
        for major in 0...9 where major != Int(RECON_TASK_ABI_MAJOR) {
            if dlsym(handle, "recon_task_entry_v\(major)") != nil { return major }
        }
        return nil
    }

    /// dlerror repeats the path; keep the reason only.
    private static func trimDlerror(_ message: String, path: String) -> String {
        let prefix = path + ": "
        return message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
    }
}
