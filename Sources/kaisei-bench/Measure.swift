import Foundation

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
}

func peakRSSMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        // "VmHWM:\t   1932 kB": the digits, however the kernel pads them.
        let kb = Double(String(line.filter(\.isNumber))) ?? 0
        return kb / 1024
    }
    return 0
}


/// Starts a new peak-RSS window (Linux: writing 5 to clear_refs resets VmHWM), so each phase's
/// peak can be told apart. Returns false where the kernel does not allow it.
@discardableResult
func resetPeakRSS() -> Bool {
    guard let h = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? h.close() }
    return (try? h.write(contentsOf: Data("5".utf8))) != nil
}
