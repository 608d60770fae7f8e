import Synchronization

/// Tasks written and read directly (the same entries, under the same keys, as their synthesized
/// `Codable` conformances; StoreFormatTests pins the bytes): a service's tasks are the bulk of
/// what the store and the dispatcher code, and its thousands of tasks share one template.
extension SwarmTask: DirectlyCoded {
    func write(to writer: inout BinaryWriter) throws {
        try writer.keyed(count: 7 + (nodeID == nil ? 0 : 1) + (jobIteration == nil ? 0 : 1)) {
            try $0.entry("id", id)
            try $0.entry("meta", meta)
            try $0.entry("serviceID", serviceID)
            try $0.entry("slot", slot)
            if let nodeID { try $0.entry("nodeID", nodeID) }
            try $0.entry("spec", spec)
            try $0.entry("status", status)
            $0.entry("desiredState") { $0.string(desiredState.rawValue) }
            if let jobIteration { try $0.entry("jobIteration", jobIteration) }
        }
    }

    init(reading value: BinaryValueReader) throws {
        let fields = try BinaryFields(value)
        self.init(
            id: try fields.decode("id"), meta: try fields.decode("meta"), serviceID: try fields.decode("serviceID"), slot: try fields.decode("slot"),
            nodeID: try fields.find("nodeID").map { try NodeID(reading: $0) }, spec: try fields.decode("spec", as: TaskSpec.self),
            status: try fields.decode("status", as: Status.self), desiredState: try fields.reading("desiredState") { try TaskState(reading: $0) },
            jobIteration: try fields.find("jobIteration").map { try UInt64(reading: $0) }
        )
    }
}

extension TaskState {
    init(reading value: BinaryValueReader) throws {
        let name = try value.string()
        guard let state = TaskState(rawValue: name) else { throw BinaryFields.unknownCase(name, of: "TaskState") }
        self = state
    }
}

extension SwarmTask.Status: DirectlyCoded {
    func write(to writer: inout BinaryWriter) throws {
        try writer.keyed(count: 3 + (error == nil ? 0 : 1) + (container == nil ? 0 : 1)) {
            try $0.entry("timestamp", timestamp)
            $0.entry("state") { $0.string(state.rawValue) }
            try $0.entry("message", message)
            if let error { try $0.entry("error", error) }
            if let container {
                $0.entry("container") { writer in
                    writer.keyed(count: container.exitCode == nil ? 2 : 3) {
                        $0.entry("containerID") { $0.string(container.containerID) }
                        $0.entry("pid") { $0.signed(Int64(container.pid)) }
                        if let exitCode = container.exitCode { $0.entry("exitCode") { $0.signed(Int64(exitCode)) } }
                    }
                }
            }
        }
    }

    init(reading value: BinaryValueReader) throws {
        let fields = try BinaryFields(value)
        self.init(
            timestamp: try fields.decode("timestamp"), state: try fields.reading("state") { try TaskState(reading: $0) }, message: try fields.decode("message"),
            error: try fields.find("error").map { try String(reading: $0) },
            container: try fields.find("container").map { try $0.decode(SwarmTask.ContainerStatus.self) }
        )
    }
}

/// A task's template, coded through `Codable` once per distinct template: the last one written
/// and the last one read are kept with their bytes, so a service's thousands of tasks cost one
/// comparison each.
extension TaskSpec: DirectlyCoded {
    private static let lastWritten = Mutex<(spec: TaskSpec, bytes: [UInt8])?>(nil)
    private static let lastRead = Mutex<(bytes: [UInt8], spec: TaskSpec)?>(nil)

    func write(to writer: inout BinaryWriter) throws {
        if let cached = Self.lastWritten.withLock({ $0 }), cached.spec == self {
            writer.bytes.append(contentsOf: cached.bytes)
            return
        }
        let encoder = ValueEncoder()
        try encode(to: encoder)
        var own = BinaryWriter()
        try encoder.value.write(to: &own)
        let bytes = own.bytes
        Self.lastWritten.withLock { $0 = (self, bytes) }
        writer.bytes.append(contentsOf: bytes)
    }

    init(reading value: BinaryValueReader) throws {
        let bytes = UnsafeRawBufferPointer(rebasing: value.buffer[value.range])
        if let cached = Self.lastRead.withLock({ $0 }), cached.bytes.elementsEqual(bytes) {
            self = cached.spec
            return
        }
        self = try TaskSpec(from: ValueDecoder(value))
        let spec = self
        Self.lastRead.withLock { $0 = (Array(bytes), spec) }
    }
}
