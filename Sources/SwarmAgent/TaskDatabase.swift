import CSQLite
import Foundation
import SwarmState
import Synchronization

/// The agent's record of its tasks, in SQLite (`agent/tasks.db`): each task as it was last
/// assigned and the status the node last gave it. A status is written here before it is
/// reported, so a restarted agent knows what it ran and re-adopts it. Every write is its own
/// transaction in a write-ahead journal, synced at checkpoints only (`synchronous=NORMAL`): a
/// killed swarmd loses nothing committed, and what a power loss may take back (the last few
/// statuses) describes containers the power loss ended anyway. Syncing each status would cost
/// every task state change an fsync, and a burst of container starts a queue of them.
final class TaskDatabase: Sendable {
    private let connection: Mutex<OpaquePointer>

    /// Opens (creating) the database at `path`.
    init(path: String) throws(AgentError) {
        var database: OpaquePointer?
        guard sqlite3_open_v2(path, &database, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nil) == SQLITE_OK, let database else {
            let reason = database.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(database)
            throw .database("opening \(path) failed: \(reason)")
        }
        connection = Mutex(database)
        try execute("PRAGMA journal_mode=WAL")
        try execute("PRAGMA synchronous=NORMAL")
        try execute("CREATE TABLE IF NOT EXISTS tasks (id TEXT PRIMARY KEY, task BLOB NOT NULL, status BLOB NOT NULL)")
    }

    deinit {
        connection.withLock { _ = sqlite3_close($0) }
    }

    /// Every recorded task, its status the node's own.
    func all() throws(AgentError) -> [SwarmTask] {
        try connection.withLock { database throws(AgentError) in
            let statement = try Self.prepare("SELECT task, status FROM tasks", in: database)
            defer { sqlite3_finalize(statement) }
            var tasks: [SwarmTask] = []
            while sqlite3_step(statement) == SQLITE_ROW {
                guard var task = try? SwarmTask(jsonRecord: Self.blob(statement, 0)), let status = try? SwarmTask.Status(jsonRecord: Self.blob(statement, 1)) else {
                    continue
                }
                task.status = status
                tasks.append(task)
            }
            return tasks
        }
    }

    /// Records `task` as assigned, with the node's `status` of it.
    func put(_ task: SwarmTask, status: SwarmTask.Status) throws(AgentError) {
        try connection.withLock { database throws(AgentError) in
            let statement = try Self.prepare("INSERT OR REPLACE INTO tasks (id, task, status) VALUES (?, ?, ?)", in: database)
            defer { sqlite3_finalize(statement) }
            Self.bind(Array(task.id.rawValue.utf8), to: statement, at: 1)
            Self.bind(task.jsonRecord, to: statement, at: 2)
            Self.bind(status.jsonRecord, to: statement, at: 3)
            guard sqlite3_step(statement) == SQLITE_DONE else { throw .database("recording task \(task.id) failed: \(String(cString: sqlite3_errmsg(database)))") }
        }
    }

    /// Forgets task `id`.
    func remove(_ id: TaskID) throws(AgentError) {
        try connection.withLock { database throws(AgentError) in
            let statement = try Self.prepare("DELETE FROM tasks WHERE id = ?", in: database)
            defer { sqlite3_finalize(statement) }
            Self.bind(Array(id.rawValue.utf8), to: statement, at: 1)
            guard sqlite3_step(statement) == SQLITE_DONE else { throw .database("forgetting task \(id) failed: \(String(cString: sqlite3_errmsg(database)))") }
        }
    }

    private func execute(_ sql: String) throws(AgentError) {
        try connection.withLock { database throws(AgentError) in
            guard sqlite3_exec(database, sql, nil, nil, nil) == SQLITE_OK else {
                throw .database("\(sql) failed: \(String(cString: sqlite3_errmsg(database)))")
            }
        }
    }

    private static func prepare(_ sql: String, in database: OpaquePointer) throws(AgentError) -> OpaquePointer {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(database, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw .database("preparing \(sql) failed: \(String(cString: sqlite3_errmsg(database)))")
        }
        return statement
    }

    /// SQLite's "copy the bytes now" destructor.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func bind(_ bytes: [UInt8], to statement: OpaquePointer, at index: Int32) {
        _ = bytes.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), transient) }
    }

    private static func blob(_ statement: OpaquePointer, _ column: Int32) -> [UInt8] {
        guard let base = sqlite3_column_blob(statement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: Int(sqlite3_column_bytes(statement, column))))
    }
}
