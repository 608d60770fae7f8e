import RaftNode
import RaftTypes
import Synchronization

/// A state machine for tests: the list of commands applied, in order. Its image is the list
/// (u32 LE length, then bytes, per command); restoring checks the image's shape.
final class CommandLogMachine: RaftStateMachine {
    let commands = Mutex<[[UInt8]]>([])

    struct DamagedImage: Error {}

    func apply(_ command: [UInt8], at index: LogIndex) -> [UInt8] {
        commands.withLock { $0.append(command) }
        return Array("applied \(index.rawValue)".utf8)
    }

    func freeze() -> any RaftStateMachineSnapshot {
        Frozen(commands: commands.withLock { $0 })
    }

    func restore(fromImage image: [UInt8]) throws {
        var restored: [[UInt8]] = []
        var offset = 0
        while offset < image.count {
            guard image.count - offset >= 4 else { throw DamagedImage() }
            let length = Int(image.littleEndianInteger(at: offset, byteCount: 4))
            offset += 4
            guard image.count - offset >= length else { throw DamagedImage() }
            restored.append(Array(image[offset..<offset + length]))
            offset += length
        }
        commands.withLock { $0 = restored }
    }

    struct Frozen: RaftStateMachineSnapshot {
        let commands: [[UInt8]]

        func image() -> [UInt8] {
            commands.reduce(into: [UInt8]()) { image, command in
                image.appendLittleEndian(UInt32(command.count))
                image += command
            }
        }
    }
}
