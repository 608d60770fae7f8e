import Foundation
import RaftTypes
import SwarmCrypto
import SwarmFileSystem
import SwarmStorage
import SwarmTransport
import SystemPackage

/// What a node must keep and never in the clear: its node key and certificate, the root CA
/// certificate, and (managers only) the cluster secrets key. Kept in `credentials`, sealed with
/// a data key: a manager's Raft storage key (wrapped by the unlock key when autolocked), so the
/// file is exactly as protected as the Raft log; a worker's own key store's.
///
/// File layout: data key ID (u32 LE), then an `AEAD` envelope of the JSON fields below.
struct NodeCredentials {
    static let fileName = "credentials"

    var identity: TransportIdentity
    /// The cluster secrets key; nil on workers.
    var secretsKey: SecretKey?

    private struct Fields: Codable {
        var certificateChainPEM: String
        var privateKeyPEM: String
        var trustedRootPEM: String
        var secretsKey: Data?
    }

    func save(in directory: FilePath, sealedWith key: DataKey) throws(SwarmNodeError) {
        let fields = Fields(
            certificateChainPEM: identity.certificateChainPEM, privateKeyPEM: identity.privateKeyPEM, trustedRootPEM: identity.trustedRootPEM,
            secretsKey: secretsKey?.withUnsafeBytes { Data($0) }
        )
        var plaintext = (try? [UInt8](JSONEncoder().encode(fields))) ?? []
        defer { plaintext.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        var file: [UInt8] = []
        file.appendLittleEndian(key.id.rawValue)
        file += AEAD.seal(plaintext, associatedData: Array(Self.fileName.utf8), key: key.key)
        do {
            try AtomicFile.write(file, to: directory.appending(Self.fileName), permissions: [.ownerReadWrite])
        } catch {
            throw .storage("writing the node's sealed credentials failed: \(error)")
        }
    }

    static func load(from directory: FilePath, keys: DataKeyRing) throws(SwarmNodeError) -> NodeCredentials {
        let path = directory.appending(fileName)
        let file: [UInt8]
        do {
            file = try AtomicFile.read(path)
        } catch {
            throw .unreadableState(path: path.string, reason: "\(error)")
        }
        guard file.count > 4 else { throw .unreadableState(path: path.string, reason: "the file is truncated") }
        let keyID = DataKeyID(rawValue: UInt32(file.littleEndianInteger(at: 0, byteCount: 4)))
        guard let key = keys.key(for: keyID) else {
            throw .unreadableState(path: path.string, reason: "it is sealed with data key \(keyID), which the key store no longer has")
        }
        do {
            var plaintext = try AEAD.open(Array(file[4...]), associatedData: Array(fileName.utf8), key: key.key)
            defer { plaintext.withUnsafeMutableBytes { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) } }
            let fields = try JSONDecoder().decode(Fields.self, from: Data(plaintext))
            return NodeCredentials(
                identity: TransportIdentity(
                    certificateChainPEM: fields.certificateChainPEM, privateKeyPEM: fields.privateKeyPEM, trustedRootPEM: fields.trustedRootPEM
                ),
                secretsKey: try fields.secretsKey.map { try SecretKey(copying: $0) }
            )
        } catch {
            throw .unreadableState(path: path.string, reason: "it does not open with the data key (\(error)); restore this node from a backup")
        }
    }
}
