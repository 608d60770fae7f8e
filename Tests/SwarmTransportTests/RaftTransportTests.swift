import RaftCore
import RaftTypes
import SwarmTransport
import Synchronization
import Testing

/// The Raft transport over real loopback sockets with mutual TLS: managers of the cluster get
/// through, in order; workers, other clusters' managers are refused; snapshots arrive whole.
@Suite("Raft transport")
struct RaftTransportTests {
    /// Collects what the transport delivers.
    final class Inbox: RaftMessageReceiver {
        let messages = Mutex<[RaftMessage]>([])
        let snapshots = Mutex<[(RaftMessage, [UInt8])]>([])

        func receive(_ messages: [RaftMessage]) {
            self.messages.withLock { $0 += messages }
        }

        func receiveSnapshot(_ message: RaftMessage, contents: [UInt8]) {
            snapshots.withLock { $0.append((message, contents)) }
        }

        /// Waits (at most thirty seconds: the whole suite shares two cores) until `count`
        /// messages arrived.
        func waitForMessages(_ count: Int) async throws -> [RaftMessage] {
            for _ in 0..<600 {
                let received = messages.withLock { $0 }
                if received.count >= count { return received }
                try await Task.sleep(for: .milliseconds(50))
            }
            return messages.withLock { $0 }
        }
    }

    static let receiverID = RaftMemberID(1)
    static let senderID = RaftMemberID(2)

    /// A receiving manager on 127.0.0.11 and a sender with `senderRole` from `senderCluster`'s CA.
    private func pair(
        senderRole: TransportRole, senderAuthority: TransportCertificateAuthority? = nil
    ) async throws -> (receiver: RaftTransport, sender: RaftTransport, inbox: Inbox) {
        let authority = try TransportCertificateAuthority(clusterID: "cluster-a")
        let receiver = try await RaftTransport.listen(
            on: TransportAddress(host: "127.0.0.11", port: 0), identity: try authority.issue(nodeID: "1", role: .manager), clusterID: "cluster-a"
        )
        let inbox = Inbox()
        receiver.attach(inbox)
        let senderIdentity = try (senderAuthority ?? authority).issue(nodeID: "2", role: senderRole)
        let sender = try await RaftTransport.listen(
            on: TransportAddress(host: "127.0.0.12", port: 0), identity: senderIdentity, clusterID: senderAuthority?.clusterID ?? "cluster-a"
        )
        // A sender with its own CA still trusts the receiver's root, so that only the receiver's
        // check can stop it.
        try sender.setPeer(Self.receiverID, address: receiver.listenAddress)
        return (receiver, sender, inbox)
    }

    private func messages(count: Int) -> [RaftMessage] {
        (1...count).map { index in
            RaftMessage(
                from: Self.senderID, to: Self.receiverID, term: Term(3),
                body: .append(
                    previousIndex: LogIndex(UInt64(index)), previousTerm: Term(2),
                    entries: [LogEntry(index: LogIndex(UInt64(index) + 1), term: Term(3), data: Array("entry \(index)".utf8))],
                    commit: LogIndex(UInt64(index))
                )
            )
        }
    }

    @Test("messages between managers of one cluster arrive intact and in order")
    func managersExchangeMessages() async throws {
        let (receiver, sender, inbox) = try await pair(senderRole: .manager)
        let sent = messages(count: 50)
        sender.send(Array(sent.prefix(20)))
        sender.send(Array(sent.dropFirst(20)))
        let received = try await inbox.waitForMessages(sent.count)
        #expect(received == sent)
        await sender.shutdown()
        await receiver.shutdown()
    }

    @Test("a worker certificate is refused by the manager-only Raft service")
    func workerIsRefused() async throws {
        let (receiver, sender, inbox) = try await pair(senderRole: .worker)
        sender.send(messages(count: 3))
        let snapshot = RaftMessage(
            from: Self.senderID, to: Self.receiverID, term: Term(3),
            body: .snapshot(RaftSnapshotMetadata(index: LogIndex(9), term: Term(3), membership: RaftMembership(voters: [Self.senderID])))
        )
        await #expect(throws: RaftTransportError.self) { try await sender.sendSnapshot(snapshot, contents: [1, 2, 3]) }
        try await Task.sleep(for: .seconds(1))
        #expect(inbox.messages.withLock { $0.isEmpty })
        #expect(inbox.snapshots.withLock { $0.isEmpty })
        await sender.shutdown()
        await receiver.shutdown()
    }

    @Test("a manager certificate from another cluster's CA is refused")
    func otherClusterIsRefused() async throws {
        let stranger = try TransportCertificateAuthority(clusterID: "cluster-b")
        let (receiver, sender, inbox) = try await pair(senderRole: .manager, senderAuthority: stranger)
        sender.send(messages(count: 3))
        try await Task.sleep(for: .seconds(1))
        #expect(inbox.messages.withLock { $0.isEmpty })
        await sender.shutdown()
        await receiver.shutdown()
    }

    @Test("a message above 4 MiB is refused; the stream recovers for the next ones")
    func oversizedMessageIsRefused() async throws {
        let (receiver, sender, inbox) = try await pair(senderRole: .manager)
        let huge = RaftMessage(
            from: Self.senderID, to: Self.receiverID, term: Term(3),
            body: .append(
                previousIndex: LogIndex(1), previousTerm: Term(1),
                entries: [LogEntry(index: LogIndex(2), term: Term(3), data: [UInt8](repeating: 7, count: 5 << 20))], commit: LogIndex(1)
            )
        )
        sender.send([huge])
        // Messages sent while the refused stream is torn down may be lost (Raft resends): send
        // the next ones again until they arrive.
        let after = messages(count: 2)
        var received: [RaftMessage] = []
        for _ in 0..<60 where received.isEmpty {
            sender.send(after)
            try await Task.sleep(for: .milliseconds(500))
            received = inbox.messages.withLock { $0 }
        }
        #expect(!received.isEmpty, "nothing arrived after the oversized message")
        #expect(received.allSatisfy { after.contains($0) }, "the oversized message was delivered")
        await sender.shutdown()
        await receiver.shutdown()
    }

    @Test("a snapshot of several chunks arrives whole with its message")
    func snapshotArrivesWhole() async throws {
        let (receiver, sender, inbox) = try await pair(senderRole: .manager)
        let contents = (0..<(3 << 20) + 12345).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let message = RaftMessage(
            from: Self.senderID, to: Self.receiverID, term: Term(4),
            body: .snapshot(
                RaftSnapshotMetadata(
                    index: LogIndex(500), term: Term(4), membership: RaftMembership(voters: Set([1, 2, 3].map { RaftMemberID($0) }))
                )
            )
        )
        try await sender.sendSnapshot(message, contents: contents)
        let received = try #require(inbox.snapshots.withLock { $0.first })
        #expect(received.0 == message)
        #expect(received.1 == contents)
        await sender.shutdown()
        await receiver.shutdown()
    }
}
