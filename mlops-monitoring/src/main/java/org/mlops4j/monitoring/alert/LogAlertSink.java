package org.mlops4j.monitoring.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs alerts: WARN for WARNING and CRITICAL, INFO for INFO. */
final class LogAlertSink implements AlertSink {

    static final LogAlertSink INSTANCE = new LogAlertSink();

    private static final Logger LOG = LoggerFactory.getLogger("org.mlops4j.monitoring.alert.Alerts");
    private static final String FORMAT =
            "Alert {} {} [{}]: {}={} threshold={} window='{}' endpoint='{}' model='{}' topDrifted={}";

    private LogAlertSink() {
    }

    @Override
    public void send(Alert alert) {
        Object[] args = {alert.kind(), alert.rule(), alert.severity(), alert.metric(), alert.value(),
            alert.threshold(), alert.window(), alert.endpoint(), alert.model(), alert.topDriftedFeatures()};
        if (alert.severity() == Severity.INFO) {
            LOG.info(FORMAT, args);
        } else {
            LOG.warn(FORMAT, args);
        }
    }

    @Override
    public String toString() {
        return "LogAlertSink";
    }
}
