public import Foundation
public import SwarmCrypto
public import SwarmState

/// What the control API needs to know to manage secrets and configs with one set of operations:
/// their table, their payload limit and how the payload is kept.
public protocol ManagedDataObject: DataObject {
    /// Docker's limit on the payload, in bytes.
    static var payloadByteLimit: Int { get }
    static func table(in tables: StoreTables) -> Table<Self>
    /// A new object holding `payload` (a secret seals it with `secretsKey`).
    static func make(id: ObjectID<Tag>, meta: ObjectMeta, spec: DataObjectSpec, payload: Data, secretsKey: SecretKey) -> Self
    var stored: StoredObject { get }
}

extension Secret: ManagedDataObject {
    /// 500 KiB (swarmkit's `MaxSecretSize`).
    public static let payloadByteLimit = 500 * 1024
    public static func table(in tables: StoreTables) -> Table<Secret> { tables.secrets }

    public static func make(id: SecretID, meta: ObjectMeta, spec: DataObjectSpec, payload: Data, secretsKey: SecretKey) -> Secret {
        Secret(id: id, meta: meta, spec: spec, sealedData: ClusterSealing.seal([UInt8](payload), for: .secret(id), with: secretsKey))
    }

    public var stored: StoredObject { .secret(self) }
}

extension Config: ManagedDataObject {
    /// 1000 KiB (swarmkit's `MaxConfigSize`).
    public static let payloadByteLimit = 1000 * 1024
    public static func table(in tables: StoreTables) -> Table<Config> { tables.configs }

    public static func make(id: ConfigID, meta: ObjectMeta, spec: DataObjectSpec, payload: Data, secretsKey: SecretKey) -> Config {
        Config(id: id, meta: meta, spec: spec, data: payload)
    }

    public var stored: StoredObject { .config(self) }
}

/// What the store keeps sealed with the cluster secrets key, each bound to what it is (as the
/// AEAD's associated data), so a sealed value moved elsewhere in the store does not open.
public enum ClusterSealing {
    public enum Purpose: Sendable {
        /// A secret's payload, bound to the secret's ID.
        case secret(SecretID)
        /// The root CA's private key.
        case rootCAKey
        /// The managers' unlock key (autolock).
        case unlockKey

        var associatedData: [UInt8] {
            switch self {
            case .secret(let id): Array("secret/\(id.rawValue)".utf8)
            case .rootCAKey: Array("root-ca-key".utf8)
            case .unlockKey: Array("unlock-key".utf8)
            }
        }
    }

    public static func seal(_ plaintext: [UInt8], for purpose: Purpose, with key: SecretKey) -> Data {
        Data(AEAD.seal(plaintext, associatedData: purpose.associatedData, key: key))
    }

    public static func open(_ sealed: Data, for purpose: Purpose, with key: SecretKey) throws(EnvelopeError) -> [UInt8] {
        try AEAD.open([UInt8](sealed), associatedData: purpose.associatedData, key: key)
    }
}
