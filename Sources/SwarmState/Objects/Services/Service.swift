/// A service: the desired state of a set of tasks, which the leader's orchestrators keep true.
public struct Service: StoreObject {
    public static let kind = ObjectKind.service

    public var id: ServiceID
    public var meta: ObjectMeta
    public var spec: ServiceSpec
    /// The spec before the last update (`docker service rollback` returns to it).
    public var previousSpec: ServiceSpec?
    /// The latest rolling update's progress (nil until the task template first changes).
    public var updateStatus: UpdateStatus?
    /// A job service's current run (nil for replicated and global services).
    public var jobStatus: JobStatus?

    public init(
        id: ServiceID, meta: ObjectMeta, spec: ServiceSpec, previousSpec: ServiceSpec? = nil, updateStatus: UpdateStatus? = nil, jobStatus: JobStatus? = nil
    ) {
        self.id = id
        self.meta = meta
        self.spec = spec
        self.previousSpec = previousSpec
        self.updateStatus = updateStatus
        self.jobStatus = jobStatus
    }

    public var uniqueName: String? { spec.name }
    public var referenceName: String { spec.name }
}
