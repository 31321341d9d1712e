import CReconTask
import ReconToolchain

/// Turns a ``ReconTask`` type into the plugin descriptor the host loads.
///
/// Call it from the plugin's one exported entry point:
///
/// ```swift
/// @c @implementation
/// public func recon_task_entry_v1(
///     _ host: UnsafePointer<recon_host_info>?
/// ) -> UnsafePointer<recon_task_descriptor>? {
///     ReconTaskExport.descriptor(for: MyTask.self, host: host)
/// }
/// ```
///
/// `@c @implementation` (SE-0495, Swift 6.3) makes the compiler check the function
/// against the declaration in `recon_task.h`; `@c(recon_task_entry_v1)` also works but
/// is not checked.
public enum ReconTaskExport {
    /// The descriptor for `type`, built on the first call and returned unchanged after;
    /// it and its C strings are never freed (plugins are never unloaded).
    ///
    /// Returns `nil` (the host reports "refused to load") when the host speaks another
    /// ABI major, or when another type of this library already registered the same
    /// plugin name.
    public static func descriptor<T: ReconTask>(
        for type: T.Type, host: UnsafePointer<recon_host_info>?
    ) -> UnsafePointer<recon_task_descriptor>? {
        if let host, host.pointee.abi_major != UInt16(RECON_TASK_ABI_MAJOR) { return nil }
        let name = T.name
        return registry.withLock { tasks in
            if let existing = tasks[name] {
                return existing.type == ObjectIdentifier(T.self) ? existing.descriptor : nil
            }
            let registered = RegisteredTask(
                type: ObjectIdentifier(T.self), descriptor: DescriptorBuilder.build(T.self),
                factory: { host, args in try T(host: host, args: args) },
                kvTableNames: T.kvTables, routes: T.routes)
            tasks[name] = registered
            return registered.descriptor
        }
    }

    /// `"swift-<major>.<minor>.<patch>"` of the compiler that built this code, the
    /// default ``ReconTask/builtWith``. Swift has no stable ABI on Linux, so the host
    /// refuses Swift plugins built by another toolchain than its own.
    public static let swiftToolchain: String = SwiftToolchain.current
}
