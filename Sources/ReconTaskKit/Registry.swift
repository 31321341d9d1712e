import CReconTask

/// Makes one instance of a registered task type during create.
typealias TaskFactory = @Sendable (TaskHost, InitArgs) throws -> any ReconTask

/// One exported task type: its descriptor (allocated once, never freed) and factory.
struct RegisteredTask: @unchecked Sendable {
    let type: ObjectIdentifier
    let descriptor: UnsafePointer<recon_task_descriptor>
    let factory: TaskFactory
    let kvTableNames: [String]
    let routes: [Route]
}

/// The task types this library exported, by plugin name. create() receives only the
/// plugin name (in `recon_init_args`), so the C callbacks find their Swift type here.
let registry = Locked<[String: RegisteredTask]>([:])
