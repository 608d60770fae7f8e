import Foundation
import RaftNode
import RaftTypes
import SwarmState
import Testing

/// The bytes the store writes into Raft entries and snapshot images, pinned: a transaction, an
/// outcome and an image encode to exactly the bytes recorded here (the store encoding of
/// Docs/formats.md as swarmd 0.1 wrote it), so data directories and backups written before stay
/// readable. Each value has at most one label, the only way a dictionary's order is fixed.
@Suite("Store format")
struct StoreFormatTests {
    static let time = Date(timeIntervalSince1970: 1_700_000_000.25)
    static let meta = ObjectMeta(createdAt: time)
    static let config = Config(
        id: ConfigID(rawValue: "c1"), meta: meta, spec: DataObjectSpec(name: "app.conf", labels: ["tier": "web"]), data: Data([1, 2, 3]))
    static let secret = Secret(id: SecretID(rawValue: "s1"), meta: meta, spec: DataObjectSpec(name: "db"), sealedData: Data([9, 8]))
    static let node = Node(
        id: NodeID(rawValue: "n1"), meta: meta, spec: NodeSpec(role: .manager), role: .manager,
        description: Node.Description(hostname: "h1", architecture: "x86_64", operatingSystem: "linux", nanoCPUs: 2_000_000_000, memoryBytes: 1 << 30, engineVersion: "0.1"),
        status: Node.Status(state: .ready, address: "127.0.0.11"), managerStatus: Node.ManagerStatus(raftMemberID: 42, address: "127.0.0.11:2377"))

    static let transaction = StoreTransaction([
        .create(.config(config)),
        .update(.secret(secret), expected: ObjectVersion(index: 300)),
        .remove(.node, id: "n9"),
        .create(.node(node)),
    ])

    /// What `bytes` are, in hex, for the expectations below.
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// The bytes `hex` spells.
    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    @Test func aTransactionEncodesToThePinnedBytes() throws {
        let bytes = Self.transaction.encoded()
        #expect(Self.hex(bytes) == Self.transactionHex)
        #expect(try StoreCoding.decode(StoreTransaction.self, from: bytes) == Self.transaction)
    }

    /// Two tasks, one bare and one with every optional field, as the store and the dispatcher
    /// code them (directly, with the template coded once per distinct template).
    static let tasks: [SwarmTask] = {
        let spec = TaskSpec(containerSpec: ContainerSpec(image: "busybox"), restartPolicy: RestartPolicy(delay: 5_000_000_000))
        let bare = SwarmTask(
            id: TaskID(rawValue: "t1"), meta: meta, serviceID: ServiceID(rawValue: "sv1"), slot: 1, nodeID: nil, spec: spec,
            status: SwarmTask.Status(timestamp: time, state: .pending, message: "pending"), desiredState: .running)
        var full = bare
        full.id = TaskID(rawValue: "t2")
        full.nodeID = NodeID(rawValue: "n1")
        full.status = SwarmTask.Status(
            timestamp: time, state: .failed, message: "started", error: "task: non-zero exit (3)",
            container: SwarmTask.ContainerStatus(containerID: "t2", pid: 4242, exitCode: 3))
        return [bare, full]
    }()

    @Test func tasksEncodeToThePinnedBytes() throws {
        let transaction = StoreTransaction(Self.tasks.map { .create(.task($0)) })
        let bytes = transaction.encoded()
        #expect(Self.hex(bytes) == Self.tasksHex)
        #expect(try StoreCoding.decode(StoreTransaction.self, from: bytes) == transaction)
        #expect(try StoreCoding.decode(StoreTransaction.self, from: bytes) == transaction, "again, through the last template read")
    }

    /// A job's task carries its iteration; tasks without one keep the pinned bytes above.
    @Test func aJobTaskKeepsItsIterationOnTheWireAndInTheDatabase() throws {
        var task = Self.tasks[1]
        task.desiredState = .complete
        task.jobIteration = 7
        #expect(try SwarmTask(wireBytes: task.wireBytes) == task)
        #expect(try SwarmTask(jsonRecord: task.jsonRecord) == task)
    }

    @Test func outcomesEncodeToThePinnedBytes() throws {
        let applied = StoreOutcome.applied(ObjectVersion(index: 1_234_567))
        let rejected = StoreOutcome.rejected(.nameTaken(.config, name: "app.conf"))
        let appliedBytes = Self.hex(try StoreCoding.encode(applied))
        let rejectedBytes = Self.hex(try StoreCoding.encode(rejected))
        #expect(appliedBytes == Self.appliedHex)
        #expect(rejectedBytes == Self.rejectedHex)
        #expect(try StoreCoding.decode(StoreOutcome.self, from: try StoreCoding.encode(applied)) == applied)
        #expect(try StoreCoding.decode(StoreOutcome.self, from: try StoreCoding.encode(rejected)) == rejected)
    }

    @Test func rewritingTheClustersAndNodesOfAnImageGivesTheImageOfTheRewrittenTables() throws {
        let store = SwarmStore()
        let creates = StoreTransaction([.create(.config(Self.config)), .create(.secret(Self.secret)), .create(.node(Self.node))])
        _ = store.apply(creates.encoded(), at: LogIndex(5))
        let image = store.freeze().image()

        var small = try StoreTables(clustersAndNodesOf: image)
        #expect(small.nodes.count == 1)
        #expect(small.configs.count == 0 && small.secrets.count == 0, "only the small tables are decoded")
        var whole = store.current
        var moved = try #require(small.nodes[Self.node.id])
        moved.status = Node.Status(state: .down, address: "127.0.0.99")
        let update: [StoreAction] = [.update(.node(moved), expected: ObjectVersion(index: 5))]
        try small.apply(update, at: ObjectVersion(index: 6))
        try whole.apply(update, at: ObjectVersion(index: 6))
        #expect(try small.image(replacingClustersAndNodesOf: image) == whole.image)
        #expect(throws: (any Error).self) { try StoreTables(clustersAndNodesOf: Array(image.dropFirst())) }
    }

    @Test func aSnapshotImageEncodesToThePinnedBytesAndRestores() throws {
        let store = SwarmStore()
        let creates = StoreTransaction([.create(.config(Self.config)), .create(.secret(Self.secret)), .create(.node(Self.node))])
        _ = store.apply(creates.encoded(), at: LogIndex(5))
        let image = store.freeze().image()
        #expect(Self.hex(image) == Self.imageHex)

        let restored = SwarmStore()
        try restored.restore(fromImage: image)
        #expect(restored.current.configs[Self.config.id] == store.current.configs[Self.config.id])
        #expect(restored.current.secrets[Self.secret.id] == store.current.secrets[Self.secret.id])
        #expect(restored.current.nodes[Self.node.id] == store.current.nodes[Self.node.id])

        // An image from before services restores too, with no services and no tasks.
        let older = SwarmStore()
        try older.restore(fromImage: Self.bytes(hex: Self.imageHexBeforeServices))
        #expect(older.current.configs.all == store.current.configs.all && older.current.nodes.all == store.current.nodes.all)
        #expect(older.current.services.count == 0 && older.current.tasks.count == 0)
    }

    /// The store's own readers check every length and tag as the generic one does: a damaged
    /// transaction or image throws or decodes to some value, and never crashes.
    @Test func damagedTransactionsAndImagesThrowOrDecodeAndNeverCrash() throws {
        let store = SwarmStore()
        _ = store.apply(Self.transaction.encoded(), at: LogIndex(5))
        _ = store.apply(StoreTransaction([.create(.secret(Self.secret))]).encoded(), at: LogIndex(6))
        let image = store.freeze().image()
        for original in [Self.transaction.encoded(), image] {
            for position in original.indices {
                for damage: UInt8 in [0x01, 0x80, 0xff] {
                    var damaged = original
                    damaged[position] ^= damage
                    _ = try? StoreCoding.decode(StoreTransaction.self, from: damaged)
                    _ = try? SwarmStore().restore(fromImage: damaged)
                }
                #expect(throws: (any Error).self) { try StoreCoding.decode(StoreTransaction.self, from: original[..<position]) }
            }
        }
    }

    @Test func manyLabelsComeBackWhateverTheirOrder() throws {
        var config = Self.config
        config.spec.labels = Dictionary(uniqueKeysWithValues: (0..<40).map { ("key\($0)", "value \($0)") })
        let transaction = StoreTransaction([.create(.config(config))])
        #expect(try StoreCoding.decode(StoreTransaction.self, from: transaction.encoded()) == transaction)
    }

    static let transactionHex = [
        "080107616374696f6e73ea0300000904d3000000080106637265617465c60000000801025f30bd000000080106636f6e",
        "666967b00000000801025f30a700000008040269640400000006026331046d6574614a00000008030776657273696f6e",
        "0e000000080105696e646578020000000400096372656174656441740900000005000020401482c54109757064617465",
        "6441740900000005000020401482c5410473706563300000000802046e616d650a00000006086170702e636f6e66066c",
        "6162656c7310000000080104746965720500000006037765620464617461050000000703010203e00000000801067570",
        "64617465d30000000802025f30ae000000080106736563726574a10000000801025f3098000000080402696404000000",
        "06027331046d6574614a00000008030776657273696f6e0e000000080105696e64657802000000040009637265617465",
        "6441740900000005000020401482c541097570646174656441740900000005000020401482c54104737065631c000000",
        "0802046e616d650400000006026462066c6162656c730200000008000a7365616c656444617461040000000702090808",
        "65787065637465640f000000080105696e6465780300000004ac022700000008010672656d6f76651a0000000802025f",
        "300600000006046e6f64650269640400000006026e39fe010000080106637265617465f10100000801025f30e8010000",
        "0801046e6f6465dd0100000801025f30d401000008070269640400000006026e31046d6574614a000000080307766572",
        "73696f6e0e000000080105696e646578020000000400096372656174656441740900000005000020401482c541097570",
        "646174656441740900000005000020401482c54104737065633a0000000803064c6162656c7302000000080004526f6c",
        "650900000006076d616e616765720c417661696c6162696c69747908000000060661637469766504726f6c6509000000",
        "06076d616e616765720b6465736372697074696f6e87000000080608686f73746e616d6504000000060268310c617263",
        "6869746563747572650800000006067838365f36340f6f7065726174696e6753797374656d0700000006056c696e7578",
        "086e616e6f43505573060000000380d0acf30e0b6d656d6f72794279746573060000000380808080080d656e67696e65",
        "56657273696f6e050000000603302e31067374617475733900000008030573746174650700000006057265616479076d",
        "65737361676502000000060007616464726573730c000000060a3132372e302e302e31310d6d616e6167657253746174",
        "75733200000008020c726166744d656d626572494402000000042a076164647265737311000000060f3132372e302e30",
        "2e31313a32333737",
    ].joined()
    static let tasksHex = [
        "080107616374696f6e7341030000090264010000080106637265617465570100000801025f304e0100000801047461736b43",
        "0100000801025f303a01000008070269640400000006027431046d6574614a00000008030776657273696f6e0e0000000801",
        "05696e646578020000000400096372656174656441740900000005000020401482c541097570646174656441740900000005",
        "000020401482c5410973657276696365494405000000060373763104736c6f7402000000040104737065634d00000008020d",
        "436f6e7461696e65725370656315000000080105496d61676509000000060762757379626f780d52657374617274506f6c69",
        "63791200000008010544656c6179060000000380c8afa025067374617475734100000008030974696d657374616d70090000",
        "0005000020401482c54105737461746509000000060770656e64696e67076d65737361676509000000060770656e64696e67",
        "0c64657369726564537461746509000000060772756e6e696e67d3010000080106637265617465c60100000801025f30bd01",
        "00000801047461736bb20100000801025f30a901000008080269640400000006027432046d6574614a000000080307766572",
        "73696f6e0e000000080105696e646578020000000400096372656174656441740900000005000020401482c5410975706461",
        "74656441740900000005000020401482c5410973657276696365494405000000060373763104736c6f74020000000401066e",
        "6f646549440400000006026e3104737065634d00000008020d436f6e7461696e65725370656315000000080105496d616765",
        "09000000060762757379626f780d52657374617274506f6c6963791200000008010544656c6179060000000380c8afa02506",
        "737461747573a100000008050974696d657374616d700900000005000020401482c541057374617465080000000606666169",
        "6c6564076d65737361676509000000060773746172746564056572726f721900000006177461736b3a206e6f6e2d7a65726f",
        "20657869742028332909636f6e7461696e65723000000008030b636f6e7461696e6572494404000000060274320370696403",
        "00000003a4420865786974436f64650200000003060c64657369726564537461746509000000060772756e6e696e67",
    ].joined()
    static let appliedHex = "0801076170706c696564190000000801025f3010000000080105696e646578040000000487ad4b"
    static let rejectedHex = [
        "08010872656a65637465643d0000000801025f30340000000801096e616d6554616b656e240000000802025f30080000",
        "000606636f6e666967046e616d650a00000006086170702e636f6e66",
    ].joined()
    /// The image of the three objects as swarmd wrote it before services existed: four tables.
    static let imageHexBeforeServices = [
        "53535432080408636c757374657273020000000900056e6f646573da0100000901d40100000807026964040000000602",
        "6e31046d6574614a00000008030776657273696f6e0e000000080105696e646578020000000405096372656174656441",
        "740900000005000020401482c541097570646174656441740900000005000020401482c54104737065633a0000000803",
        "064c6162656c7302000000080004526f6c650900000006076d616e616765720c417661696c6162696c69747908000000",
        "060661637469766504726f6c650900000006076d616e616765720b6465736372697074696f6e87000000080608686f73",
        "746e616d6504000000060268310c6172636869746563747572650800000006067838365f36340f6f7065726174696e67",
        "53797374656d0700000006056c696e7578086e616e6f43505573060000000380d0acf30e0b6d656d6f72794279746573",
        "060000000380808080080d656e67696e6556657273696f6e050000000603302e31067374617475733900000008030573",
        "746174650700000006057265616479076d65737361676502000000060007616464726573730c000000060a3132372e30",
        "2e302e31310d6d616e616765725374617475733200000008020c726166744d656d626572494402000000042a07616464",
        "7265737311000000060f3132372e302e302e31313a3233373707736563726574739e0000000901980000000804026964",
        "0400000006027331046d6574614a00000008030776657273696f6e0e000000080105696e646578020000000405096372",
        "656174656441740900000005000020401482c541097570646174656441740900000005000020401482c5410473706563",
        "1c0000000802046e616d650400000006026462066c6162656c730200000008000a7365616c6564446174610400000007",
        "02090807636f6e66696773ad0000000901a700000008040269640400000006026331046d6574614a0000000803077665",
        "7273696f6e0e000000080105696e646578020000000405096372656174656441740900000005000020401482c5410975",
        "70646174656441740900000005000020401482c5410473706563300000000802046e616d650a00000006086170702e63",
        "6f6e66066c6162656c7310000000080104746965720500000006037765620464617461050000000703010203",
    ].joined()

    /// The image now: six tables (the count after the tag goes from 4 to 6), the same four first,
    /// then the empty `services` and `tasks`.
    static let imageHex = "5353543208" + "06" + imageHexBeforeServices.dropFirst(12) + "087365727669636573020000000900" + "057461736b73020000000900"

}
