package dev.hydrant.analytics.sql;

import dev.hydrant.spi.SqlApplication;
import java.util.ArrayList;
import java.util.List;

/** Builds SqlApplications for translator tests. */
final class TestingKdaApplications {
    private TestingKdaApplications() {}

    /** An application with one JSON input of the given prefix and columns ("name TYPE" pairs). */
    static SqlApplication application(String code, String namePrefix, String... columns) {
        return new SqlApplication("app", "arn:aws:kinesisanalytics:us-east-1:000000000000:application/app", 1, code,
                List.of(input(namePrefix, 1, columns)), List.of(), List.of());
    }

    static SqlApplication.Input input(String namePrefix, int parallelism, String... columns) {
        List<SqlApplication.Column> result = new ArrayList<>();
        for (String column : columns) {
            int space = column.indexOf(' ');
            String name = column.substring(0, space);
            result.add(new SqlApplication.Column(name, column.substring(space + 1), "$." + name));
        }
        return new SqlApplication.Input("1.1", namePrefix, "in", parallelism, new SqlApplication.RecordFormat("JSON", "$", null, null), result, null);
    }

    /** The reference pipeline's application: kda-input.json's 31 columns and the README's SQL. */
    static SqlApplication referenceApplication() {
        String code = """
                CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" ("speed" DOUBLE, "rpm" INTEGER, "gear" INTEGER, "throttle" DOUBLE);
                CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
                SELECT STREAM "speed", "rpm", "gear", "throttle"
                FROM "sg12_prefix_001"
                WHERE "speed" >= 200;
                """;
        return application(code, "sg12_prefix",
                "speed DOUBLE", "rpm INTEGER", "gear INTEGER", "throttle DOUBLE", "brakes DOUBLE", "steering_angle DOUBLE",
                "ride_height DOUBLE", "front_left DOUBLE", "front_right DOUBLE", "rear_left DOUBLE", "rear_right DOUBLE",
                "engine DOUBLE", "front_left0 DOUBLE", "front_right0 DOUBLE", "rear_left0 DOUBLE", "rear_right0 DOUBLE",
                "front_left1 DOUBLE", "front_right1 DOUBLE", "rear_left1 DOUBLE", "rear_right1 DOUBLE", "engine0 DECIMAL",
                "front_left2 INTEGER", "front_right2 INTEGER", "rear_left2 INTEGER", "rear_right2 INTEGER", "front_left3 DECIMAL",
                "front_right3 DECIMAL", "rear_left3 DECIMAL", "rear_right3 DECIMAL", "fuel_consumption DECIMAL", "lap_time DECIMAL");
    }
}
