import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Folders of fixtures built once per test process (a `static let shared`), which no deinit
/// ever removes: they are removed when the process exits, so test runs do not pile generated
/// stores up in the temporary folder.
public enum RemoveAtExit {
    nonisolated(unsafe) private static var folders: [String] = []
    private static let lock = NSLock()
    private static let registered: Void = { atexit { RemoveAtExit.removeAll() } }()

    public static func folder(_ url: URL) {
        _ = registered
        lock.lock()
        folders.append(url.path)
        lock.unlock()
    }

    private static func removeAll() {
        lock.lock()
        let all = folders
        lock.unlock()
        for path in all { try? FileManager.default.removeItem(atPath: path) }
    }
}
