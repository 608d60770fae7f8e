import ArgumentParser
import CSQLite
import Foundation
import RaftNode
import RaftTypes
import SwarmState

/// `swarm-bench store-image`: the store's snapshot image in its own format (`SST2`: the tables in
/// the store's binary encoding) against the same tables as one JSON document (the former `SST1`)
/// and a SQLite database image (one row per object, the object's binary encoding in a blob,
/// `sqlite3_serialize`d), for a store of many nodes, secrets and configs: the time to write the
/// image, to read it back into objects, and its size.
struct StoreImageBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store-image", abstract: "Snapshot image: the store's binary SST2 against JSON and a SQLite database image."
    )

    @Flag(help: "A smaller store and fewer rounds.")
    var quick = false

    func run() throws {
        let (nodes, secrets, rounds) = quick ? (1_000, 500, 3) : (5_000, 2_000, 5)
        let store = try Self.populatedStore(nodes: nodes, secrets: secrets)
        let tables = store.current
        var report = BenchmarkReport(title: "store-image: \(nodes) nodes, \(secrets) secrets, \(secrets) configs", columns: ["format", "write ms", "read ms", "bytes"])
        var binary: (write: [Double], read: [Double], bytes: Int) = ([], [], 0)
        var json: (write: [Double], read: [Double], bytes: Int) = ([], [], 0)
        var sqlite: (write: [Double], read: [Double], bytes: Int) = ([], [], 0)
        for _ in 0..<rounds {
            var image: [UInt8] = []
            binary.write.append(Self.milliseconds { image = store.freeze().image() })
            binary.bytes = image.count
            binary.read.append(try Self.milliseconds { try SwarmStore().restore(fromImage: image) })
            var document = Data()
            json.write.append(try Self.milliseconds { document = try JSONEncoder().encode(tables) })
            json.bytes = document.count
            json.read.append(try Self.milliseconds { _ = try JSONDecoder().decode(StoreTables.self, from: document) })
            var database: [UInt8] = []
            sqlite.write.append(try Self.milliseconds { database = try SQLiteImage.write(tables) })
            sqlite.bytes = database.count
            sqlite.read.append(try Self.milliseconds { _ = try SQLiteImage.read(database) })
        }
        for (name, figures) in [("store", binary), ("json", json), ("sqlite", sqlite)] {
            let write = PairedMeasurement.median(figures.write), read = PairedMeasurement.median(figures.read)
            report.addRow([name, BenchmarkReport.format(write), BenchmarkReport.format(read), "\(figures.bytes)"])
            report.addFigure("\(name)_image_write_ms", write)
            report.addFigure("\(name)_image_read_ms", read)
            report.addFigure("\(name)_image_bytes", Double(figures.bytes))
        }
        for (name, figures) in [("json", json), ("sqlite", sqlite)] {
            report.addFigure("\(name)_vs_store_write_ratio", PairedMeasurement.median(figures.write) / PairedMeasurement.median(binary.write))
            report.addFigure("\(name)_vs_store_read_ratio", PairedMeasurement.median(figures.read) / PairedMeasurement.median(binary.read))
        }
        report.emit()
    }

    /// A store holding `nodes` nodes and `secrets` secrets and as many configs, written through
    /// its state machine as Raft would apply them.
    private static func populatedStore(nodes: Int, secrets: Int) throws -> SwarmStore {
        let store = SwarmStore()
        var index: UInt64 = 0
        func apply(_ actions: [StoreAction]) {
            index += 1
            _ = store.apply(StoreTransaction(actions).encoded(), at: LogIndex(index))
        }
        let now = Date()
        for batch in stride(from: 0, to: nodes, by: 500) {
            apply((batch..<min(nodes, batch + 500)).map { number in
                .create(.node(Node(
                    id: .random(), meta: ObjectMeta(createdAt: now), spec: NodeSpec(role: .worker, availability: .active), role: .worker,
                    description: Node.Description(
                        hostname: "worker-\(number)", architecture: "x86_64", operatingSystem: "linux", nanoCPUs: 4_000_000_000,
                        memoryBytes: 8 << 30, engineVersion: "28.2.2"
                    ),
                    status: Node.Status(state: .ready, address: "10.0.\(number / 250).\(number % 250)"), managerStatus: nil
                )))
            })
        }
        let payload = Data((0..<256).map { UInt8($0) })
        for batch in stride(from: 0, to: secrets, by: 500) {
            apply((batch..<min(secrets, batch + 500)).flatMap { number -> [StoreAction] in
                [
                    .create(.secret(Secret(id: .random(), meta: ObjectMeta(createdAt: now), spec: DataObjectSpec(name: "secret-\(number)"), sealedData: payload))),
                    .create(.config(Config(id: .random(), meta: ObjectMeta(createdAt: now), spec: DataObjectSpec(name: "config-\(number)"), data: payload))),
                ]
            })
        }
        guard store.current.nodes.count == nodes else { throw ValidationError("the store took \(store.current.nodes.count) of \(nodes) nodes") }
        return store
    }

    private static func milliseconds(_ work: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try work()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }
}

/// The SQLite alternative: an in-memory database with one table of (kind, id, body) rows,
/// serialized whole; read back by deserializing it and decoding every row.
enum SQLiteImage {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func write(_ tables: StoreTables) throws -> [UInt8] {
        let database = try open()
        defer { sqlite3_close(database) }
        try execute(database, "CREATE TABLE objects (kind TEXT NOT NULL, id TEXT NOT NULL, body BLOB NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID")
        try execute(database, "BEGIN")
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, "INSERT INTO objects VALUES (?, ?, ?)", -1, &statement, nil) == SQLITE_OK else { throw failure(database) }
        defer { sqlite3_finalize(statement) }
        func insert<Object: StoreObject>(_ objects: [Object]) throws {
            for object in objects {
                let body = try StoreCoding.encode(object)
                sqlite3_bind_text(statement, 1, Object.kind.rawValue, -1, transient)
                sqlite3_bind_text(statement, 2, "\(object.id)", -1, transient)
                _ = body.withUnsafeBytes { sqlite3_bind_blob(statement, 3, $0.baseAddress, Int32($0.count), transient) }
                guard sqlite3_step(statement) == SQLITE_DONE else { throw failure(database) }
                sqlite3_reset(statement)
            }
        }
        try insert(tables.clusters.all)
        try insert(tables.nodes.all)
        try insert(tables.secrets.all)
        try insert(tables.configs.all)
        try execute(database, "COMMIT")
        var size: sqlite3_int64 = 0
        guard let bytes = sqlite3_serialize(database, "main", &size, 0) else { throw failure(database) }
        defer { sqlite3_free(bytes) }
        return Array(UnsafeBufferPointer(start: bytes, count: Int(size)))
    }

    /// Every object of the image, decoded (counts per kind).
    static func read(_ image: [UInt8]) throws -> [String: Int] {
        let database = try open()
        defer { sqlite3_close(database) }
        guard let copy = sqlite3_malloc64(sqlite3_uint64(image.count)) else { throw Failure(description: "out of memory") }
        image.withUnsafeBytes { copy.copyMemory(from: $0.baseAddress!, byteCount: image.count) }
        let flags = UInt32(SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE)
        guard sqlite3_deserialize(database, "main", copy.assumingMemoryBound(to: UInt8.self), sqlite3_int64(image.count), sqlite3_int64(image.count), flags) == SQLITE_OK
        else { throw failure(database) }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, "SELECT kind, body FROM objects", -1, &statement, nil) == SQLITE_OK else { throw failure(database) }
        defer { sqlite3_finalize(statement) }
        var counts: [String: Int] = [:]
        while sqlite3_step(statement) == SQLITE_ROW {
            let kind = String(cString: sqlite3_column_text(statement, 0))
            let body = UnsafeRawBufferPointer(start: sqlite3_column_blob(statement, 1), count: Int(sqlite3_column_bytes(statement, 1)))
            switch kind {
            case ObjectKind.node.rawValue: _ = try StoreCoding.decode(Node.self, from: body)
            case ObjectKind.secret.rawValue: _ = try StoreCoding.decode(Secret.self, from: body)
            case ObjectKind.config.rawValue: _ = try StoreCoding.decode(Config.self, from: body)
            default: _ = try StoreCoding.decode(Cluster.self, from: body)
            }
            counts[kind, default: 0] += 1
        }
        return counts
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func open() throws -> OpaquePointer {
        var database: OpaquePointer?
        guard sqlite3_open(":memory:", &database) == SQLITE_OK, let database else { throw Failure(description: "sqlite3_open failed") }
        return database
    }

    private static func execute(_ database: OpaquePointer, _ sql: String) throws {
        guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else { throw failure(database) }
    }

    private static func failure(_ database: OpaquePointer) -> Failure {
        Failure(description: String(cString: sqlite3_errmsg(database)))
    }
}
