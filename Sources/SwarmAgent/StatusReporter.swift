import SwarmState
import SwarmTransport

/// Sends task statuses to the leader in batches: the latest status per task, every tenth of a
/// second, through whichever dispatcher connection the agent has now. Statuses a send did not
/// deliver are kept for the next, unless a newer one replaced them.
actor StatusReporter {
    /// Most statuses per call (a status is a few hundred bytes of JSON).
    static let batchLimit = 1024
    static let interval = Duration.milliseconds(100)

    private var pending: [TaskID: SwarmTask.Status] = [:]
    private var client: DispatcherClient?

    func enqueue(_ id: TaskID, _ status: SwarmTask.Status) {
        pending[id] = status
    }

    /// The connection to send through (nil: hold statuses until there is one).
    func use(_ client: DispatcherClient?) {
        self.client = client
    }

    /// Sends until cancelled.
    func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: Self.interval)
            await flush()
        }
    }

    private func flush() async {
        guard let client, !pending.isEmpty else { return }
        let batch = Array(pending.prefix(Self.batchLimit))
        let reports = batch.map { TaskStatusReport(taskID: $0.key.rawValue, status: $0.value.wireBytes) }
        guard (try? await client.reportStatuses(reports)) == .some(nil) else { return }
        for (id, status) in batch where pending[id] == status { pending[id] = nil }
    }
}
