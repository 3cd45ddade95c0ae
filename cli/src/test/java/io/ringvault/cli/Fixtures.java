package io.ringvault.cli;

/** Coordinator answers as JSON text, shaped like the real ones. */
final class Fixtures {
    static final String OPERATION_ID = "3f2a1b2c-0000-4000-8000-000000000001";
    static final String HOST_ID = "a1b2c3d4-0000-4000-8000-00000000000a";

    private Fixtures() {}

    static String accepted() {
        return """
                {"operationId":"%s","state":"accepted","duplicate":false}""".formatted(OPERATION_ID);
    }

    static String operation(
            String state, String phase, long filesDone, long filesTotal, long bytesDone, long bytesTotal) {
        return operation(state, phase, filesDone, filesTotal, bytesDone, bytesTotal, "null");
    }

    static String operation(
            String state,
            String phase,
            long filesDone,
            long filesTotal,
            long bytesDone,
            long bytesTotal,
            String failure) {
        boolean terminal = state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED");
        String nodeState = state.equals("COMPLETED") ? "DONE" : state.equals("FAILED") ? "FAILED" : "RUNNING";
        return """
                {"id":"%1$s","kind":"backup","state":"%2$s","phase":%3$s,
                 "acceptedAt":"2026-11-21T12:00:00Z","updatedAt":"2026-11-21T12:00:01Z","finishedAt":%4$s,
                 "requestedBy":"alice","requestSource":"/ringvault/rest","channel":"rest",
                 "request":{"keyspaces":["ks1"],"tables":[],"datacenters":[],"mode":"differential","requestedBy":"alice"},
                 "failure":%5$s,
                 "progress":{"filesDone":%6$d,"filesTotal":%7$d,"bytesDone":%8$d,"bytesTotal":%9$d,
                             "bytesPerSecond":2202009.6,"etaSeconds":2,"somethingNew":true},
                 "nodes":[{"hostId":"%10$s","address":"127.0.0.1","datacenter":"dc1","rack":"rack1",
                           "state":"%11$s","phase":"upload","filesDone":%6$d,"filesTotal":%7$d,
                           "bytesDone":%8$d,"bytesTotal":%9$d,"reason":null}],
                 "datacenters":[{"name":"dc1","state":"%12$s","nodes":1,"nodesDone":0,"nodesFailed":%13$d,
                                 "filesDone":%6$d,"filesTotal":%7$d,"bytesDone":%8$d,"bytesTotal":%9$d,
                                 "failedNodes":%14$s,"missingNodes":[]}],
                 "partial":null}""".formatted(
                        OPERATION_ID,
                        state,
                        phase == null ? "null" : "\"" + phase + "\"",
                        terminal ? "\"2026-11-21T12:00:04Z\"" : "null",
                        failure,
                        filesDone,
                        filesTotal,
                        bytesDone,
                        bytesTotal,
                        HOST_ID,
                        nodeState,
                        state.equals("FAILED") ? "FAILED" : state.equals("COMPLETED") ? "COMPLETED" : "RUNNING",
                        state.equals("FAILED") ? 1 : 0,
                        state.equals("FAILED")
                                ? "[{\"hostId\":\"" + HOST_ID + "\",\"address\":\"127.0.0.1\","
                                        + "\"reason\":\"upload-failed: upload stalled\"}]"
                                : "[]");
    }

    static String timeoutFailure() {
        return """
                {"reason":"timeout","detail":"no progress for 10m","nodeFailures":{"%s":"upload stalled"}}""".formatted(HOST_ID);
    }

    static String problem(int status, String reason, String detail) {
        return """
                {"type":"https://ringvault.io/problems/%s","title":"%s","status":%d,"detail":"%s",\
                "instance":"/api/v1/backups","reason":"%s"}""".formatted(reason, reason.replace('-', ' '), status, detail, reason);
    }
}
