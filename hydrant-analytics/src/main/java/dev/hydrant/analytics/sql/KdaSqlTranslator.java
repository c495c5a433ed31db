package dev.hydrant.analytics.sql;

import static java.util.Objects.requireNonNull;

import dev.hydrant.spi.SqlApplication;
import dev.hydrant.spi.SqlApplicationEngine.CodeProblem;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Translates a KDA SQL application (CREATE STREAM, CREATE PUMP ... SELECT STREAM) into Flink SQL views over the input
 * tables the engine registers.
 *
 * <p>The ROWTIME model: every input table has {@code ROWTIME TIMESTAMP(3)} as its event-time attribute, and every
 * in-application stream view carries a {@code ROWTIME} time attribute column after its declared columns, so windows work
 * downstream. A window aggregate's KDA ROWTIME is the window end, while the only time attribute Flink can carry out of a
 * window is {@code window_time = window_end - 1 ms}; so each stream knows its <em>shift</em>, the milliseconds to add to
 * its Flink ROWTIME to get KDA's, and windows over a shifted stream are offset by the shift so that they hold exactly the
 * rows KDA's would.
 *
 * <p>Run-time errors: where Flink would fail the job on one row (an exact division or MOD by zero, a CAST of text that
 * does not convert) and KDA sends the row to {@code error_stream}, the translation uses a form that cannot fail (NULL
 * instead), keeps the rows that would fail out of the pump's stream, and describes them in an error query per pump
 * ({@link Translation#errorQueries()}; see {@link #select}). Expressions evaluated only under a condition (CASE
 * results, COALESCE's later arguments, what follows AND or OR) get the safe form without a check.
 */
public final class KdaSqlTranslator {
    private static final Set<String> AGGREGATES = Set.of(
            "COUNT", "SUM", "MIN", "MAX", "AVG", "FIRST_VALUE", "LAST_VALUE", "STDDEV_POP", "STDDEV_SAMP", "VAR_POP", "VAR_SAMP");
    /** Functions with the same name, arguments and meaning in KDA and Flink. */
    private static final Set<String> SAME_FUNCTIONS = Set.of(
            "ABS", "CEIL", "CEILING", "EXP", "LN", "LOG10", "MOD", "POWER", "UPPER", "LOWER", "TRIM", "CHAR_LENGTH",
            "CHARACTER_LENGTH", "SUBSTRING", "POSITION", "OVERLAY", "INITCAP", "COALESCE", "NULLIF", "EXTRACT");
    /** KDA functions whose Flink namesake differs: the translation calls a {@link KdaFunctions} UDF, with its arity. */
    private static final Map<String, Integer> KDA_FUNCTIONS = Map.of(
            "UNIX_TIMESTAMP", 1, "TO_TIMESTAMP", 1, "CHAR_TO_TIMESTAMP", 2, "TIMESTAMP_TO_CHAR", 2, "TSDIFF", 2, "REGEX_REPLACE", 5);
    private static final Set<String> NOT_SUPPORTED_FUNCTIONS = Set.of(
            "REGEX_LOG_PARSE", "FAST_REGEX_LOG_PARSER", "FIXED_COLUMN_LOG_PARSE", "SYS_LOG_PARSE", "VARIABLE_COLUMN_LOG_PARSE",
            "W3C_LOG_PARSE", "TOP_K_ITEMS_TUMBLING", "COUNT_DISTINCT_ITEMS_TUMBLING", "RANDOM_CUT_FOREST",
            "RANDOM_CUT_FOREST_WITH_EXPLANATION", "HOTSPOTS", "LAG", "NTH_VALUE", "EXP_AVG", "ANY", "EVERY", "CHAR_TO_DATE",
            "CHAR_TO_TIME", "DATE_TO_CHAR", "TIME_TO_CHAR", "MONOTONIC",
            // fixed at query start in KDA, evaluated per row by Flink
            "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIME", "LOCALTIMESTAMP");
    private static final Set<String> FIXED_UNITS = Set.of("SECOND", "MINUTE", "HOUR", "DAY");
    /** Functions that make text out of values that are not. */
    private static final Set<String> TEXT_FUNCTIONS = Set.of(
            "UPPER", "LOWER", "TRIM", "SUBSTRING", "OVERLAY", "INITCAP", "REGEX_REPLACE", "TIMESTAMP_TO_CHAR");
    /** The types a CAST of text to can fail. */
    private static final Set<KdaType.Kind> CAST_CAN_FAIL = Set.of(KdaType.Kind.INTEGER, KdaType.Kind.SMALLINT, KdaType.Kind.TINYINT,
            KdaType.Kind.BIGINT, KdaType.Kind.REAL, KdaType.Kind.DOUBLE, KdaType.Kind.DECIMAL, KdaType.Kind.BOOLEAN, KdaType.Kind.DATE,
            KdaType.Kind.TIME, KdaType.Kind.TIMESTAMP);
    /** error_stream's ERROR_NAME for an exact division or MOD by zero [U]. */
    private static final String DIVISION_BY_ZERO = "Division_By_Zero";
    /** error_stream's ERROR_NAME for a CAST of text that does not convert, as for input values that do not [U]. */
    private static final String TYPE_CONVERSION_ERROR = "Type_Conversion_Error";
    /**
     * The function that gives an error query's ERROR_TIME: not one of {@link KdaFunctions}, since it reads the clock of
     * the application's run; whoever runs {@link Translation#errorQueries()} registers it.
     */
    public static final String ERROR_TIME_FUNCTION = "HYDRANT_ERROR_TIME";
    private static final String ROWTIME = "ROWTIME";
    /** A processing-time attribute the translation adds where Flink needs one (lookup joins, DISTINCT). */
    private static final String PROCTIME = "HYDRANT_PROCTIME";

    private final SqlApplication application;
    private final List<CodeProblem> problems = new ArrayList<>();
    private final Map<String, Source> sources = new HashMap<>();
    private final Map<String, StreamDefinition> streams = new LinkedHashMap<>();
    private final Map<String, Integer> shifts = new HashMap<>();
    private final Set<String> resolving = new HashSet<>();
    private final List<String> statements = new ArrayList<>();
    private final List<KdaSqlToken> statementPositions = new ArrayList<>();
    private final List<PumpCheck> pumpChecks = new ArrayList<>();
    private final Map<String, KdaSqlToken> streamPositions = new HashMap<>();
    private final Map<String, Integer> staggerWindowsPerPump = new HashMap<>();
    /** The error queries of the pumps translated so far (see {@link Translation#errorQueries()}). */
    private final List<String> errorQueries = new ArrayList<>();
    /** The pump being translated, PUMP_NAME of its error queries. */
    private String currentPump;
    private String firstInput;
    /** Calls of anomaly-detection functions so far: numbers their cursor views and the uids of their (stateful) PTFs. */
    private int anomalyFunctionCalls;
    private int staggerWindows;

    private KdaSqlTranslator(SqlApplication application) {
        this.application = requireNonNull(application, "application is null");
    }

    /** Translates application code. Problems in the code come back in {@link Translation#problems()}, never as exceptions. */
    public static Translation translate(SqlApplication application) {
        return new KdaSqlTranslator(application).run();
    }

    /** Translates, keeping the positions of the statements and pumps for {@link KdaSqlValidator}. */
    static Checked check(SqlApplication application) {
        KdaSqlTranslator translator = new KdaSqlTranslator(application);
        Translation translation = translator.run();
        return new Checked(translation, List.copyOf(translator.statementPositions), Map.copyOf(translator.streamPositions), List.copyOf(translator.pumpChecks));
    }

    private Translation run() {
        List<InAppStream> inputStreams = new ArrayList<>();
        for (SqlApplication.Input input : application.inputs()) {
            List<Column> columns = columns(input.columns(), "input " + input.namePrefix());
            for (int index = 1; index <= Math.max(1, input.parallelism()); index++) {
                String name = input.namePrefix() + String.format(Locale.ROOT, "_%03d", index);
                inputStreams.add(new InAppStream(name, columns));
                sources.put(name, new Source(name, columns, true, 0));
                shifts.put(name, 0);
                if (firstInput == null) {
                    firstInput = name;
                }
            }
        }
        List<InAppStream> referenceTables = new ArrayList<>();
        for (SqlApplication.ReferenceTable table : application.referenceTables()) {
            List<Column> columns = columns(table.columns(), "reference table " + table.tableName());
            referenceTables.add(new InAppStream(table.tableName(), columns));
            sources.put(table.tableName(), new Source(table.tableName(), columns, false, 0));
        }
        try {
            parseStatements(KdaSqlLexer.tokenize(application.code()));
        }
        catch (KdaSqlException e) {
            problem(e);
        }
        Map<String, String> outputQueries = new LinkedHashMap<>();
        Map<String, List<Column>> streamColumns = new LinkedHashMap<>();
        for (StreamDefinition stream : streams.values()) {
            try {
                shift(stream.name(), stream.nameToken());
            }
            catch (KdaSqlException e) {
                problem(e);
            }
            KdaSqlWriter query = new KdaSqlWriter().append("SELECT");
            for (int i = 0; i < stream.columns().size(); i++) {
                query.append(KdaSqlWriter.quote(stream.columns().get(i).name()) + (i + 1 < stream.columns().size() ? "," : ""));
            }
            outputQueries.put(stream.name(), query.append("FROM").append(KdaSqlWriter.quote(stream.name())).toString());
            streamColumns.put(stream.name(), stream.columns());
        }
        return new Translation(inputStreams, referenceTables, statements, outputQueries, streamColumns, errorQueries, problems);
    }

    private List<Column> columns(List<SqlApplication.Column> columns, String owner) {
        List<Column> result = new ArrayList<>();
        for (SqlApplication.Column column : columns) {
            try {
                result.add(new Column(column.name(), KdaType.parse(column.sqlType())));
            }
            catch (IllegalArgumentException e) {
                problems.add(new CodeProblem(1, 1, owner + ", column " + column.name() + ": " + e.getMessage()));
            }
        }
        return result;
    }

    private void problem(KdaSqlException e) {
        problems.add(new CodeProblem(e.line(), e.column(), e.getMessage()));
    }

    // ---------------------------------------------------------------- statements

    private void parseStatements(List<KdaSqlToken> tokens) {
        int start = 0;
        for (int i = 0; i < tokens.size(); i++) {
            KdaSqlToken token = tokens.get(i);
            if (token.isSymbol(";") || token.kind() == KdaSqlToken.Kind.END) {
                if (i > start) {
                    List<KdaSqlToken> statement = new ArrayList<>(tokens.subList(start, i));
                    statement.add(new KdaSqlToken(KdaSqlToken.Kind.END, "", token.line(), token.column()));
                    try {
                        statement(new Cursor(statement));
                    }
                    catch (KdaSqlException e) {
                        problem(e);
                    }
                    catch (RuntimeException e) {
                        problems.add(new CodeProblem(statement.get(0).line(), statement.get(0).column(), "Could not parse the statement: " + e));
                    }
                }
                start = i + 1;
            }
        }
    }

    private void statement(Cursor cursor) {
        KdaSqlToken first = cursor.peek();
        if (!cursor.acceptWord("CREATE")) {
            throw new KdaSqlException(first, "Unsupported statement: only CREATE [OR REPLACE] STREAM and CREATE [OR REPLACE] PUMP are allowed in application code, found \"" + first.text() + "\"");
        }
        boolean replace = false;
        if (cursor.acceptWord("OR")) {
            cursor.expectWord("REPLACE");
            replace = true;
        }
        KdaSqlToken kind = cursor.next();
        if (kind.isWord("STREAM")) {
            createStream(cursor, replace);
        }
        else if (kind.isWord("PUMP")) {
            createPump(cursor, replace);
        }
        else {
            throw new KdaSqlException(kind, "Unsupported statement: expected STREAM or PUMP after CREATE, found " + Cursor.describe(kind));
        }
    }

    private void createStream(Cursor cursor, boolean replace) {
        KdaSqlToken nameToken = cursor.identifier("stream name");
        String name = nameToken.identifier();
        if (sources.containsKey(name) && !streams.containsKey(name)) {
            throw new KdaSqlException(nameToken, "Object '" + name + "' already exists as an input stream or reference table");
        }
        if (streams.containsKey(name) && !replace) {
            throw new KdaSqlException(nameToken, "Stream '" + name + "' already exists");
        }
        cursor.expectSymbol("(");
        List<Column> columns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        do {
            KdaSqlToken columnToken = cursor.identifier("column name");
            String columnName = columnToken.identifier();
            if (columnName.equals(ROWTIME)) {
                throw new KdaSqlException(columnToken, "Column name ROWTIME is reserved");
            }
            if (!names.add(columnName)) {
                throw new KdaSqlException(columnToken, "Duplicate column name '" + columnName + "'");
            }
            KdaSqlToken typeStart = cursor.peek();
            StringBuilder type = new StringBuilder();
            int depth = 0;
            while (true) {
                KdaSqlToken token = cursor.peek();
                if (token.kind() == KdaSqlToken.Kind.END || (depth == 0 && (token.isSymbol(",") || token.isSymbol(")") || token.isWord("NOT")))) {
                    break;
                }
                if (token.isSymbol("(")) {
                    depth++;
                }
                if (token.isSymbol(")")) {
                    depth--;
                }
                type.append(typeSeparator(type, token)).append(cursor.next().text());
            }
            if (type.length() == 0) {
                throw new KdaSqlException(typeStart, "Expected a type for column '" + columnName + "', found " + Cursor.describe(typeStart));
            }
            if (cursor.acceptWord("NOT")) {
                cursor.expectWord("NULL");
            }
            try {
                columns.add(new Column(columnName, KdaType.parse(type.toString())));
            }
            catch (IllegalArgumentException e) {
                throw new KdaSqlException(typeStart, e.getMessage());
            }
        }
        while (cursor.acceptSymbol(","));
        cursor.expectSymbol(")");
        if (cursor.acceptWord("DESCRIPTION")) {
            KdaSqlToken description = cursor.next();
            if (description.kind() != KdaSqlToken.Kind.STRING) {
                throw new KdaSqlException(description, "Expected a string after DESCRIPTION");
            }
        }
        cursor.expectEnd();
        streams.put(name, new StreamDefinition(name, nameToken, columns, new ArrayList<>()));
        sources.put(name, new Source(name, columns, true, 0));
    }

    private void createPump(Cursor cursor, boolean replace) {
        KdaSqlToken nameToken = cursor.identifier("pump name");
        String name = nameToken.identifier();
        for (StreamDefinition stream : streams.values()) {
            boolean exists = stream.pumps().removeIf(pump -> pump.name().equals(name));
            if (exists && !replace) {
                throw new KdaSqlException(nameToken, "Pump '" + name + "' already exists");
            }
        }
        boolean stopped = cursor.acceptWord("STOPPED");
        cursor.expectWord("AS");
        cursor.expectWord("INSERT");
        cursor.expectWord("INTO");
        KdaSqlToken targetToken = cursor.identifier("stream name");
        StreamDefinition target = streams.get(targetToken.identifier());
        if (target == null) {
            throw new KdaSqlException(targetToken, "Object '" + targetToken.identifier() + "' not found" + (sources.containsKey(targetToken.identifier()) ? ": a pump can insert only into a stream created with CREATE STREAM" : ""));
        }
        List<Integer> targetColumns = new ArrayList<>();
        if (cursor.peek().isSymbol("(") && !cursor.peek(1).isWord("SELECT")) {
            cursor.next();
            do {
                KdaSqlToken columnToken = cursor.identifier("column name");
                int index = indexOf(target.columns(), columnToken.identifier());
                if (index < 0) {
                    throw new KdaSqlException(columnToken, "Unknown target column '" + columnToken.identifier() + "'");
                }
                if (targetColumns.contains(index)) {
                    throw new KdaSqlException(columnToken, "Target column '" + columnToken.identifier() + "' is assigned more than once");
                }
                targetColumns.add(index);
            }
            while (cursor.acceptSymbol(","));
            cursor.expectSymbol(")");
        }
        else {
            for (int i = 0; i < target.columns().size(); i++) {
                targetColumns.add(i);
            }
        }
        List<Query> branches = unionAll(cursor);
        Query query = branches.get(0);
        if (!query.stream() && !readsAnomalyFunction(query)) {
            throw new KdaSqlException(query.select(), "Cannot INSERT a relational query into a stream: a pump needs SELECT STREAM");
        }
        if (!stopped) {
            target.pumps().add(new Pump(name, nameToken, target, targetColumns, query, branches.subList(1, branches.size())));
        }
    }

    /** A space between two words of a type ({@code DOUBLE PRECISION}), nothing around symbols and numbers. */
    private static String typeSeparator(StringBuilder type, KdaSqlToken next) {
        return type.length() > 0 && next.kind() == KdaSqlToken.Kind.WORD && Character.isLetter(type.charAt(type.length() - 1)) ? " " : "";
    }

    private static int indexOf(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The shift of a stream, creating its view (and those it reads from) first when needed. */
    private int shift(String name, KdaSqlToken reference) {
        Integer known = shifts.get(name);
        if (known != null) {
            return known;
        }
        StreamDefinition stream = streams.get(name);
        if (!resolving.add(name)) {
            throw new KdaSqlException(reference, "Cycle of pumps through stream '" + name + "'");
        }
        try {
            List<String> selects = new ArrayList<>();
            Integer shift = null;
            for (Pump pump : stream.pumps()) {
                String outerPump = currentPump;
                currentPump = pump.name();
                try {
                    Selected selected = pump.unionAll().isEmpty() ? select(pump.query(), pump) : selectUnionAll(pump);
                    if (shift != null && shift != selected.shift()) {
                        throw new KdaSqlException(pump.nameToken(), "Not supported yet: pumps into one stream from both window aggregates and row queries (their ROWTIMEs differ)");
                    }
                    shift = selected.shift();
                    selects.add(selected.sql());
                    pumpChecks.add(new PumpCheck(pump.nameToken(), name, selected.rawSql(), selected.rawColumns()));
                }
                catch (KdaSqlException e) {
                    problem(e);
                }
                catch (RuntimeException e) {
                    problems.add(new CodeProblem(pump.nameToken().line(), pump.nameToken().column(), "Could not translate the pump: " + e));
                }
                finally {
                    currentPump = outerPump;
                }
            }
            KdaSqlWriter view = new KdaSqlWriter().append("CREATE TEMPORARY VIEW").append(KdaSqlWriter.quote(name)).append("AS");
            if (selects.isEmpty()) {
                view.append("SELECT");
                for (Column column : stream.columns()) {
                    view.append("CAST(NULL AS " + column.type().flinkType() + ") AS " + KdaSqlWriter.quote(column.name()) + ",");
                }
                // an empty stream still needs ROWTIME as a time attribute for windows downstream: borrow an input's
                view.append(firstInput == null
                        ? "CAST(NULL AS TIMESTAMP(3)) AS `ROWTIME` FROM (VALUES (1)) AS `EMPTY`(`X`) WHERE FALSE"
                        : KdaSqlWriter.quote(ROWTIME) + " AS `ROWTIME` FROM " + KdaSqlWriter.quote(firstInput) + " WHERE FALSE");
            }
            else {
                view.append(String.join(" UNION ALL ", selects));
            }
            statements.add(view.toString());
            statementPositions.add(stream.pumps().isEmpty() ? stream.nameToken() : stream.pumps().get(0).nameToken());
            streamPositions.put(name, statementPositions.get(statementPositions.size() - 1));
            int result = shift == null ? 0 : shift;
            shifts.put(name, result);
            sources.put(name, new Source(name, stream.columns(), true, result));
            return result;
        }
        finally {
            resolving.remove(name);
        }
    }

    // ---------------------------------------------------------------- queries

    private Query parseQuery(Cursor cursor) {
        KdaSqlToken select = cursor.peek();
        cursor.expectWord("SELECT");
        boolean stream = cursor.acceptWord("STREAM");
        boolean distinct = cursor.acceptWord("DISTINCT");
        if (!distinct) {
            cursor.acceptWord("ALL");
        }
        Map<String, List<KdaSqlToken>> clauses = new LinkedHashMap<>();
        Map<String, KdaSqlToken> clauseTokens = new HashMap<>();
        String clause = "SELECT";
        List<KdaSqlToken> current = new ArrayList<>();
        int depth = 0;
        while (true) {
            KdaSqlToken token = cursor.peek();
            if (token.kind() == KdaSqlToken.Kind.END || (depth == 0 && token.isSymbol(")"))) {
                break;
            }
            String keyword = null;
            if (depth == 0 && token.kind() == KdaSqlToken.Kind.WORD) {
                String upper = token.upper();
                if (upper.equals("FROM") || upper.equals("WHERE") || upper.equals("HAVING") || upper.equals("WINDOW")) {
                    keyword = upper;
                }
                else if ((upper.equals("GROUP") || upper.equals("ORDER") || upper.equals("WINDOWED")) && cursor.peek(1).isWord("BY")) {
                    keyword = upper;
                }
                else if (upper.equals("UNION") || upper.equals("EXCEPT") || upper.equals("INTERSECT")) {
                    throw new KdaSqlException(token, setOperatorProblem(token, cursor.peek(1)));
                }
            }
            if (keyword != null) {
                if (clauses.containsKey(keyword) || keyword.equals(clause)) {
                    throw new KdaSqlException(token, "Unexpected " + keyword);
                }
                clauses.put(clause, current);
                current = new ArrayList<>();
                clause = keyword;
                clauseTokens.put(keyword, cursor.next());
                if (keyword.equals("GROUP") || keyword.equals("ORDER") || keyword.equals("WINDOWED")) {
                    cursor.next();
                }
                continue;
            }
            if (token.isSymbol("(")) {
                depth++;
            }
            else if (token.isSymbol(")")) {
                depth--;
            }
            current.add(cursor.next());
        }
        clauses.put(clause, current);
        if (!clauses.containsKey("FROM")) {
            throw new KdaSqlException(cursor.peek(), "Expected FROM");
        }
        return new Query(select, stream, distinct, split(clauses.get("SELECT"), select), clauses.get("FROM"), clauseTokens.get("FROM"),
                clauses.get("WHERE"), clauseTokens.get("WHERE"), clauseTokens.get("GROUP"), clauses.containsKey("GROUP") ? split(clauses.get("GROUP"), clauseTokens.get("GROUP")) : null,
                clauses.get("HAVING"), clauses.get("WINDOW"), clauseTokens.get("ORDER"),
                clauses.containsKey("ORDER") ? split(clauses.get("ORDER"), clauseTokens.get("ORDER")) : null,
                clauseTokens.get("WINDOWED"), clauses.get("WINDOWED"));
    }

    /** Splits tokens at depth-0 commas; every part must be non-empty. */
    private static List<List<KdaSqlToken>> split(List<KdaSqlToken> tokens, KdaSqlToken owner) {
        List<List<KdaSqlToken>> parts = new ArrayList<>();
        List<KdaSqlToken> current = new ArrayList<>();
        int depth = 0;
        for (KdaSqlToken token : tokens) {
            if (depth == 0 && token.isSymbol(",")) {
                if (current.isEmpty()) {
                    throw new KdaSqlException(token, "Unexpected \",\"");
                }
                parts.add(current);
                current = new ArrayList<>();
                continue;
            }
            if (token.isSymbol("(")) {
                depth++;
            }
            else if (token.isSymbol(")")) {
                depth--;
            }
            current.add(token);
        }
        if (current.isEmpty()) {
            throw new KdaSqlException(owner, "Expected an expression after " + owner.text());
        }
        parts.add(current);
        return parts;
    }

    /**
     * Translates a query; for a pump, casts its items to the target stream's columns and carries ROWTIME.
     *
     * <p>Expressions that can fail at run time ({@link Check}) are translated to forms that cannot, and the rows they
     * would fail on are kept from the result and described by an error query ({@link #errorQueries}). Row checks (the
     * WHERE condition, aggregate arguments, GROUP BY and PARTITION BY keys, and the items of a query that neither
     * aggregates nor has OVER windows) are made before the row is windowed or aggregated: the WHERE keeps only rows that
     * pass them. Output checks (the items and HAVING of a window aggregate, the items of an OVER query) are made on each
     * result row: the query gets a {@code HYDRANT_ERROR} column and is wrapped in one that keeps the rows without one.
     */
    private Selected select(Query query, Pump pump) {
        From from = from(query);
        Source source = from.source();
        Stagger stagger = query.windowedBy() == null ? null : stagger(query, from, pump);
        Window window = stagger != null ? stagger.window() : window(query, from);
        int shift = window == null ? source.shift() : source.shift() + 1;

        Scope scope = from.scope();
        Expressions rowExpressions = new Expressions(scope, null, source.shift());
        Expressions itemExpressions = new Expressions(scope, window, source.shift());
        itemExpressions.staggerKeys = stagger == null ? null : stagger.keys();
        Map<String, String> windowSpecifications = query.window() == null ? Map.of() : windowClause(query.window(), query.select(), rowExpressions);
        itemExpressions.windowSpecifications = windowSpecifications;
        List<Check> rowChecks = new ArrayList<>(rowExpressions.takeChecks());

        List<Item> items = items(query, scope);
        OverSplit overSplit = window == null ? overSplit(items, from, windowSpecifications) : null;
        itemExpressions.overSplit = overSplit;
        KdaSqlWriter sql = new KdaSqlWriter().append("SELECT");
        List<String> names = new ArrayList<>();
        List<String> rawItems = new ArrayList<>();
        List<Column> rawColumns = new ArrayList<>();
        if (pump != null) {
            List<Column> columns = pump.target().columns();
            if (items.size() != pump.targetColumns().size()) {
                throw new KdaSqlException(query.select(), "Number of INSERT target columns (" + pump.targetColumns().size() + ") does not equal number of source items (" + items.size() + ")");
            }
            String[] values = new String[columns.size()];
            for (int i = 0; i < items.size(); i++) {
                Column target = columns.get(pump.targetColumns().get(i));
                values[pump.targetColumns().get(i)] = itemExpressions.translate(items.get(i).tokens());
                rawItems.add(values[pump.targetColumns().get(i)] + " AS " + KdaSqlWriter.quote(target.name()));
                rawColumns.add(target);
            }
            for (int i = 0; i < columns.size(); i++) {
                Column column = columns.get(i);
                sql.append("CAST(" + (values[i] == null ? "NULL" : values[i]) + " AS " + column.type().flinkType() + ") AS " + KdaSqlWriter.quote(column.name()) + ",");
            }
        }
        else {
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                String name = item.name() != null ? item.name() : "EXPR$" + i;
                if (name.equals(ROWTIME)) {
                    throw new KdaSqlException(item.tokens().get(0), "Not supported yet: a sub-query item named ROWTIME (ROWTIME is carried implicitly)");
                }
                names.add(name);
                sql.append(itemExpressions.translate(item.tokens()) + " AS " + KdaSqlWriter.quote(name) + ",");
            }
        }
        if (itemExpressions.overSpecification != null && window != null) {
            throw new KdaSqlException(query.groupToken() != null ? query.groupToken() : query.windowedToken(), "Not supported yet: OVER windows in a GROUP BY query");
        }
        if (itemExpressions.aggregate != null && window == null) {
            throw new KdaSqlException(query.groupToken() != null ? query.groupToken() : itemExpressions.aggregate,
                    "Streaming aggregation requires a monotonic expression in GROUP BY: group by STEP(<stream>.ROWTIME BY INTERVAL ...) or FLOOR(<stream>.ROWTIME TO <unit>)");
        }
        if (query.distinct() && (window != null || itemExpressions.overSpecification != null)) {
            throw new KdaSqlException(query.select(), "Not supported yet: SELECT STREAM DISTINCT with GROUP BY or OVER");
        }
        if (query.distinct() && !hasTimeKey(items, scope)) {
            throw new KdaSqlException(query.select(),
                    "SELECT STREAM DISTINCT requires a monotonic expression among its items: select ROWTIME, STEP(<stream>.ROWTIME BY INTERVAL ...) or FLOOR(<stream>.ROWTIME TO <unit>)");
        }
        boolean over = itemExpressions.overSpecification != null;
        List<Check> itemChecks = itemExpressions.takeChecks();
        String head = sql.toString();
        String qualifier = KdaSqlWriter.quote(from.alias()) + ".";
        sql.append(qualifier + KdaSqlWriter.quote(window == null ? ROWTIME : "window_time") + " AS `ROWTIME`");
        if (query.distinct()) {
            sql.append(", PROCTIME() AS " + KdaSqlWriter.quote(PROCTIME));
        }
        boolean aliased = source.name() == null || !source.name().equals(from.alias());
        String rowsFrom = from.sql() + (aliased ? " AS " + KdaSqlWriter.quote(from.alias()) : "");
        String fromSql = null;
        String condition = null;
        List<Check> conditionChecks = List.of();
        if (stagger != null) {
            fromSql = stagger.from();
            condition = stagger.condition();
            conditionChecks = stagger.conditionChecks();
            rowChecks.addAll(stagger.keyChecks());
        }
        else if (overSplit != null) {
            condition = where(query, rowExpressions);
            conditionChecks = rowExpressions.takeChecks();
        }
        else if (window != null) {
            fromSql = "TABLE(TUMBLE(TABLE " + KdaSqlWriter.quote(source.name()) + ", DESCRIPTOR(`ROWTIME`), " + window.size()
                    + (source.shift() == 0 ? "" : ", " + interval(-source.shift())) + ")) AS " + KdaSqlWriter.quote(from.alias());
        }
        else if (from.join() != null) {
            fromSql = join(from, rowExpressions);
            rowsFrom = fromSql;
            // an ON condition that fails matches nothing (its safe form is NULL): the row is not an error
            rowExpressions.takeChecks();
        }
        else {
            fromSql = rowsFrom;
        }
        if (query.where() != null && stagger == null && overSplit == null) {
            if (query.where().isEmpty()) {
                throw new KdaSqlException(query.whereToken() == null ? query.fromToken() : query.whereToken(), "Expected a condition after WHERE");
            }
            condition = rowExpressions.translate(query.where());
            if (rowExpressions.aggregate != null) {
                throw new KdaSqlException(rowExpressions.aggregate, "Aggregate functions are not allowed in WHERE");
            }
            conditionChecks = rowExpressions.takeChecks();
        }
        List<String> groupKeys = new ArrayList<>();
        String having = null;
        List<Check> havingChecks = List.of();
        if (window != null) {
            if (stagger != null) {
                groupKeys.add(stagger.groupBy());
            }
            for (int i = 0; stagger == null && i < query.groupBy().size(); i++) {
                if (i != window.groupIndex()) {
                    groupKeys.add(rowExpressions.translate(query.groupBy().get(i)));
                }
            }
            rowChecks.addAll(rowExpressions.takeChecks());
            if (query.having() != null) {
                having = itemExpressions.translate(query.having());
                havingChecks = itemExpressions.takeChecks();
            }
        }
        else if (query.having() != null) {
            throw new KdaSqlException(query.fromToken(), "HAVING requires GROUP BY");
        }
        if (query.orderBy() != null) {
            for (List<KdaSqlToken> key : query.orderBy()) {
                List<KdaSqlToken> expression = key.size() > 1 && (key.get(key.size() - 1).isWord("ASC")) ? key.subList(0, key.size() - 1) : key;
                Window orderKey = window == null ? null : timeKey(expression, scope, -1);
                boolean time = isRowtime(expression, scope) || (orderKey != null && orderKey.millis() == window.millis());
                if (!time) {
                    throw new KdaSqlException(key.get(0), "Not supported yet: ORDER BY on anything but ROWTIME or the window (rows come out in ROWTIME order, per window)");
                }
            }
        }
        if (rowExpressions.overSpecification != null) {
            throw new KdaSqlException(query.fromToken(), "OVER is not allowed in WHERE or GROUP BY");
        }

        rowChecks.addAll(itemExpressions.takeArgumentChecks());
        List<Check> outputChecks = List.of();
        if (window == null && !over) {
            rowChecks.addAll(itemChecks);
        }
        else {
            outputChecks = itemChecks;
        }
        String rowFailure = failure(conditionChecks, condition, rowChecks);
        String rowCondition = rowFailure == null ? condition
                : condition == null ? rowFailure + " IS NULL" : "(" + condition + ") AND " + rowFailure + " IS NULL";
        if (stagger != null) {
            addStaggerViews(stagger, rowCondition);
        }
        if (overSplit != null) {
            fromSql = overSplit.from(from, rowCondition);
        }
        String outputFailure = failure(havingChecks, having, outputChecks);
        if (outputFailure != null) {
            sql.append(", " + outputFailure + " AS `HYDRANT_ERROR`");
            if (over) {
                sql.append(", CASE WHEN " + outputFailure + " IS NOT NULL THEN " + dataRow(scope) + " END AS `HYDRANT_DATA_ROW`");
            }
        }
        sql.append("FROM").append(fromSql);
        if (rowCondition != null && stagger == null && overSplit == null) {
            sql.append("WHERE").append(rowCondition);
        }
        if (window != null) {
            sql.append("GROUP BY");
            for (String key : groupKeys) {
                sql.append(key + ",");
            }
            sql.append(qualifier + "`window_start`, " + qualifier + "`window_end`, " + qualifier + "`window_time`");
            if (having != null) {
                sql.append("HAVING").append(havingChecks.isEmpty() ? having : "(" + having + ") IS TRUE OR " + anyFails(havingChecks));
            }
        }
        String full = sql.toString();
        String rawSql = "SELECT " + String.join(", ", rawItems) + "," + full.substring(head.length());
        List<String> columns = pump != null ? pump.target().columns().stream().map(Column::name).toList() : names;
        if (query.distinct()) {
            full = distinct(full, columns);
        }
        if (rowFailure != null) {
            List<Check> checks = new ArrayList<>(conditionChecks);
            checks.addAll(rowChecks);
            errorQueries.add(errorQuery(checks, "SELECT " + rowFailure + " AS `HYDRANT_ERROR`, CAST(" + plus(qualifier + "`ROWTIME`", source.shift())
                    + " AS TIMESTAMP(3)) AS `HYDRANT_DATA_ROWTIME`, " + dataRow(scope) + " AS `HYDRANT_DATA_ROW` FROM " + rowsFrom));
        }
        if (outputFailure != null) {
            List<Check> checks = new ArrayList<>(havingChecks);
            checks.addAll(outputChecks);
            errorQueries.add(errorQuery(checks, "SELECT `HYDRANT_ERROR`, CAST(" + plus("`ROWTIME`", shift) + " AS TIMESTAMP(3)) AS `HYDRANT_DATA_ROWTIME`, "
                    + (over ? "`HYDRANT_DATA_ROW`" : "CAST(NULL AS STRING) AS `HYDRANT_DATA_ROW`") + " FROM (" + full + ")"));
            full = "SELECT " + String.join(", ", columns.stream().map(KdaSqlWriter::quote).toList()) + (columns.isEmpty() ? "" : ", ")
                    + "`ROWTIME` FROM (" + full + ") WHERE `HYDRANT_ERROR` IS NULL";
        }
        return new Selected(full, names, shift, rawSql, rawColumns);
    }

    /**
     * The number of the first check a row fails, NULL when it fails none: {@code first} in order, then, only when
     * {@code gate} (a condition that decides whether the rest is evaluated at all, such as WHERE) is TRUE,
     * {@code gated}. Null when there is no check.
     */
    private static String failure(List<Check> first, String gate, List<Check> gated) {
        if (first.isEmpty() && gated.isEmpty()) {
            return null;
        }
        StringBuilder sql = new StringBuilder("CASE");
        int number = 0;
        for (Check check : first) {
            sql.append(" WHEN ").append(check.failure()).append(" THEN ").append(++number);
        }
        if (gate != null && !gated.isEmpty()) {
            sql.append(" WHEN (").append(gate).append(") IS NOT TRUE THEN NULL");
        }
        for (Check check : gated) {
            sql.append(" WHEN ").append(check.failure()).append(" THEN ").append(++number);
        }
        return sql.append(" END").toString();
    }

    private static String anyFails(List<Check> checks) {
        return String.join(" OR ", checks.stream().map(Check::failure).toList());
    }

    /** HYDRANT_DATA_ROW of the columns of the tables a query reads (the FROM stream's, then a joined one's). */
    private static String dataRow(Scope scope) {
        List<String> values = new ArrayList<>();
        for (Binding binding : scope.bindings()) {
            for (Column column : binding.source().columns()) {
                values.add(KdaSqlWriter.quote(binding.alias()) + "." + KdaSqlWriter.quote(column.name()));
            }
        }
        return values.isEmpty() ? "CAST(NULL AS STRING)" : KdaFunctions.DataRow.NAME + "(" + String.join(", ", values) + ")";
    }

    /**
     * An error query: error_stream's columns for the rows of {@code failures} (a SELECT of {@code HYDRANT_ERROR}, the
     * number of the check the row failed, {@code HYDRANT_DATA_ROWTIME} and {@code HYDRANT_DATA_ROW}) that failed one of
     * {@code checks}, with the pump being translated as PUMP_NAME.
     */
    private String errorQuery(List<Check> checks, String failures) {
        StringBuilder names = new StringBuilder("CASE `HYDRANT_ERROR`");
        StringBuilder messages = new StringBuilder("CASE `HYDRANT_ERROR`");
        for (int i = 0; i < checks.size(); i++) {
            names.append(" WHEN ").append(i + 1).append(" THEN ").append(KdaSqlWriter.literal(checks.get(i).errorName()));
            messages.append(" WHEN ").append(i + 1).append(" THEN ").append(KdaSqlWriter.literal(checks.get(i).message()));
        }
        return "SELECT " + ERROR_TIME_FUNCTION + "() AS `ERROR_TIME`, CAST('ERROR' AS VARCHAR(10)) AS `ERROR_LEVEL`, CAST(" + names
                + " END AS VARCHAR(32)) AS `ERROR_NAME`, CAST(" + messages + " END AS VARCHAR(4096)) AS `MESSAGE`, `HYDRANT_DATA_ROWTIME` AS `DATA_ROWTIME`, "
                + "CAST(`HYDRANT_DATA_ROW` AS VARCHAR(49152)) AS `DATA_ROW`, CAST(" + (currentPump == null ? "NULL" : KdaSqlWriter.literal(currentPump))
                + " AS VARCHAR(128)) AS `PUMP_NAME` FROM (" + failures + ") WHERE `HYDRANT_ERROR` IS NOT NULL";
    }

    /** Whether an item is ROWTIME or a STEP/FLOOR of it, which bounds the keys a DISTINCT must remember. */
    private boolean hasTimeKey(List<Item> items, Scope scope) {
        for (Item item : items) {
            if (isRowtime(item.tokens(), scope) || timeKey(item.tokens(), scope, -1) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keep-first deduplication of {@code select}'s rows on all of {@code columns}: a ROW_NUMBER ordered by processing
     * time, which Flink runs as an append-only deduplication that emits a row when its key first arrives. Each row keeps
     * its own ROWTIME (that of the first row with its values).
     */
    private static String distinct(String select, List<String> columns) {
        List<String> quoted = columns.stream().map(KdaSqlWriter::quote).toList();
        String list = String.join(", ", quoted);
        return "SELECT " + list + ", `ROWTIME` FROM (SELECT " + list + ", `ROWTIME`, ROW_NUMBER() OVER (PARTITION BY " + list
                + " ORDER BY " + KdaSqlWriter.quote(PROCTIME) + ") AS `HYDRANT_ROW_NUMBER` FROM (" + select + ")) WHERE `HYDRANT_ROW_NUMBER` = 1";
    }

    /**
     * The FROM of a join. A stream-to-stream join is an interval join: the windowed (right) stream's rows from the
     * window before the left row's ROWTIME, up to and including it; the result's ROWTIME is the left row's. A reference
     * table join is a lookup join at processing time.
     */
    private String join(From from, Expressions expressions) {
        Join join = from.join();
        Binding right = join.right();
        String left = KdaSqlWriter.quote(from.alias());
        String rightAlias = KdaSqlWriter.quote(right.alias());
        String condition = expressions.translate(join.on());
        if (expressions.aggregate != null || expressions.overSpecification != null) {
            throw new KdaSqlException(join.on().get(0), "Aggregate functions are not allowed in ON");
        }
        KdaSqlWriter sql = new KdaSqlWriter();
        if (!right.source().stream()) {
            KdaSqlWriter columns = new KdaSqlWriter().append("SELECT");
            for (Column column : from.source().columns()) {
                columns.append(KdaSqlWriter.quote(column.name()) + ",");
            }
            columns.append("`ROWTIME`, PROCTIME() AS " + KdaSqlWriter.quote(PROCTIME));
            String leftSql = from.source().name() == null ? from.sql() + " AS `HYDRANT_LEFT`" : from.sql();
            sql.append("(" + columns + " FROM " + leftSql + ") AS " + left);
            sql.append(join.kind()).append(join.rightSql()).append("FOR SYSTEM_TIME AS OF " + left + "." + KdaSqlWriter.quote(PROCTIME))
                    .append("AS " + rightAlias).append("ON " + condition);
            return sql.toString();
        }
        boolean aliased = from.source().name() == null || !from.source().name().equals(from.alias());
        sql.append(from.sql() + (aliased ? " AS " + left : ""));
        long offset = from.source().shift() - right.source().shift();
        String upper = plus(left + ".`ROWTIME`", offset);
        String lower = plus(left + ".`ROWTIME`", offset - join.rangeMillis());
        sql.append(join.kind()).append(join.rightSql() + " AS " + rightAlias)
                .append("ON (" + condition + ") AND " + rightAlias + ".`ROWTIME` BETWEEN " + lower + " AND " + upper);
        return sql.toString();
    }

    private List<Item> items(Query query, Scope scope) {
        List<Item> items = new ArrayList<>();
        for (List<KdaSqlToken> tokens : query.items()) {
            KdaSqlToken last = tokens.get(tokens.size() - 1);
            if (last.isSymbol("*")) {
                List<Binding> bindings = scope.bindings();
                if (tokens.size() == 3 && tokens.get(1).isSymbol(".")) {
                    bindings = List.of(scope.checkQualifier(tokens.get(0)));
                }
                else if (tokens.size() != 1) {
                    throw new KdaSqlException(last, "Unexpected \"*\"");
                }
                for (Binding binding : bindings) {
                    for (Column column : binding.source().columns()) {
                        KdaSqlToken qualifier = new KdaSqlToken(KdaSqlToken.Kind.QUOTED, binding.alias(), last.line(), last.column());
                        KdaSqlToken dot = new KdaSqlToken(KdaSqlToken.Kind.SYMBOL, ".", last.line(), last.column());
                        KdaSqlToken token = new KdaSqlToken(KdaSqlToken.Kind.QUOTED, column.name(), last.line(), last.column());
                        items.add(new Item(List.of(qualifier, dot, token), column.name()));
                    }
                }
                continue;
            }
            if (tokens.size() >= 3 && tokens.get(tokens.size() - 2).isWord("AS") && last.isIdentifier()) {
                items.add(new Item(tokens.subList(0, tokens.size() - 2), last.identifier()));
                continue;
            }
            if (tokens.size() >= 2 && last.isIdentifier() && endsExpression(tokens.get(tokens.size() - 2))) {
                items.add(new Item(tokens.subList(0, tokens.size() - 1), last.identifier()));
                continue;
            }
            String name = null;
            if (last.isIdentifier() && (tokens.size() == 1 || (tokens.size() == 3 && tokens.get(1).isSymbol(".")))) {
                name = last.identifier();
            }
            items.add(new Item(tokens, name));
        }
        return items;
    }

    private static boolean endsExpression(KdaSqlToken token) {
        switch (token.kind()) {
            case QUOTED:
            case STRING:
            case NUMBER:
                return true;
            case SYMBOL:
                return token.isSymbol(")");
            case WORD:
                return token.isIdentifier() || token.isWord("END") || token.isWord("NULL") || token.isWord("TRUE") || token.isWord("FALSE");
            default:
                return false;
        }
    }

    private From from(Query query) {
        List<KdaSqlToken> tokens = query.from();
        if (tokens.isEmpty()) {
            throw new KdaSqlException(query.fromToken(), "Expected a stream after FROM");
        }
        int depth = 0;
        int joinStart = -1;
        int joinWord = -1;
        for (int i = 0; i < tokens.size(); i++) {
            KdaSqlToken token = tokens.get(i);
            if (depth == 0 && token.isSymbol(",")) {
                throw new KdaSqlException(token, "Not supported yet: joins with \",\" (use JOIN ... ON)");
            }
            if (depth == 0 && (token.isWord("RIGHT") || token.isWord("FULL") || token.isWord("CROSS") || token.isWord("NATURAL"))) {
                throw new KdaSqlException(token, "Not supported yet: " + token.upper() + " joins");
            }
            if (depth == 0 && token.isWord("JOIN")) {
                if (joinWord >= 0) {
                    throw new KdaSqlException(token, "Not supported yet: more than one join in a query (join in a pump into a stream, then join that)");
                }
                joinWord = i;
                joinStart = i;
                if (i > 0 && tokens.get(i - 1).isWord("INNER")) {
                    joinStart = i - 1;
                }
                else if (i > 0 && tokens.get(i - 1).isWord("OUTER") && i > 1 && tokens.get(i - 2).isWord("LEFT")) {
                    joinStart = i - 2;
                }
                else if (i > 0 && tokens.get(i - 1).isWord("LEFT")) {
                    joinStart = i - 1;
                }
            }
            if (token.isWord("WINDOWED")) {
                throw new KdaSqlException(token, "Expected BY after WINDOWED: WINDOWED BY STAGGER (PARTITION BY ... RANGE INTERVAL ...)");
            }
            if (token.isSymbol("(")) {
                depth++;
            }
            else if (token.isSymbol(")")) {
                depth--;
            }
        }
        if (joinWord < 0) {
            TableReference table = tableReference(tokens, query);
            if (table.rangeMillis() != null) {
                throw new KdaSqlException(tokens.get(0), "A window (OVER) on a stream is allowed only in a join");
            }
            return new From(table.source(), table.sql(), table.alias(), null);
        }
        boolean left = tokens.get(joinStart).isWord("LEFT");
        TableReference leftTable = tableReference(tokens.subList(0, joinStart), query);
        int on = indexOfWord(tokens.subList(joinWord, tokens.size()), "ON");
        if (on < 0) {
            throw new KdaSqlException(tokens.get(joinWord), "Expected ON after the joined table");
        }
        on += joinWord;
        if (joinWord + 1 == on) {
            throw new KdaSqlException(tokens.get(on), "Expected a stream or table after JOIN");
        }
        TableReference rightTable = tableReference(tokens.subList(joinWord + 1, on), query);
        List<KdaSqlToken> condition = tokens.subList(on + 1, tokens.size());
        if (condition.isEmpty()) {
            throw new KdaSqlException(tokens.get(on), "Expected a condition after ON");
        }
        if (!leftTable.source().stream()) {
            throw new KdaSqlException(tokens.get(0), "Not supported yet: a reference table on the left of a join (put the stream first)");
        }
        if (leftTable.rangeMillis() != null) {
            throw new KdaSqlException(tokens.get(0), "Not supported yet: a window (OVER) on the left stream of a join (put the windowed stream on the right)");
        }
        if (leftTable.alias().equals(rightTable.alias())) {
            throw new KdaSqlException(tokens.get(joinWord + 1), "Duplicate table alias '" + rightTable.alias() + "' in the join");
        }
        if (rightTable.source().stream() && rightTable.rangeMillis() == null) {
            throw new KdaSqlException(tokens.get(joinWord + 1),
                    "A join of two streams needs a window on the joined stream: JOIN <stream> OVER (RANGE INTERVAL ... PRECEDING) AS <alias>");
        }
        Join join = new Join(left ? "LEFT JOIN" : "JOIN", new Binding(rightTable.alias(), rightTable.source()), rightTable.sql(), condition,
                rightTable.rangeMillis() == null ? 0 : rightTable.rangeMillis());
        return new From(leftTable.source(), leftTable.sql(), leftTable.alias(), join);
    }

    /** One table of FROM: a stream, reference table, sub-query or table function, with its alias and join window. */
    private TableReference tableReference(List<KdaSqlToken> tokens, Query query) {
        if (tokens.isEmpty()) {
            throw new KdaSqlException(query.fromToken(), "Expected a stream after FROM");
        }
        KdaSqlToken first = tokens.get(0);
        Source source;
        String sql;
        int next;
        String alias;
        if (first.isWord("TABLE")) {
            KdaSqlToken function = tokens.size() > 2 ? tokens.get(2) : first;
            if (tokens.size() < 4 || !tokens.get(1).isSymbol("(") || !(function.isWord("TOP_K_ITEMS_TUMBLING") || function.isWord("COUNT_DISTINCT_ITEMS_TUMBLING") || isAnomalyFunction(function))) {
                throw new KdaSqlException(function, "Not supported yet: table function " + function.upper());
            }
            int close = matching(tokens, 1);
            if (!tokens.get(3).isSymbol("(") || matching(tokens, 3) != close - 1) {
                throw new KdaSqlException(function, "Expected TABLE(" + function.upper() + "(CURSOR(SELECT STREAM ...), ...))");
            }
            Selected selected = isAnomalyFunction(function) ? anomalyFunction(function, tokens.subList(4, close - 1)) : tableFunction(function, tokens.subList(4, close - 1));
            source = new Source(null, selected.rawColumns(), true, selected.shift());
            sql = "(" + selected.sql() + ")";
            next = close + 1;
            alias = function.upper();
        }
        else if (first.isSymbol("(")) {
            int close = matching(tokens, 0);
            Cursor cursor = new Cursor(new ArrayList<>(tokens.subList(1, close + 1)));
            Query inner = parseQuery(cursor);
            if (!cursor.peek().isSymbol(")")) {
                throw new KdaSqlException(cursor.peek(), "Expected \")\"");
            }
            if (!inner.stream()) {
                throw new KdaSqlException(inner.select(), "A sub-query over a stream needs SELECT STREAM");
            }
            Selected selected = select(inner, null);
            List<Column> columns = new ArrayList<>();
            for (String name : selected.names()) {
                columns.add(new Column(name, new KdaType(KdaType.Kind.VARCHAR, KdaType.UNBOUNDED, 0)));
            }
            source = new Source(null, columns, true, selected.shift());
            sql = "(" + selected.sql() + ")";
            next = close + 1;
            alias = null;
        }
        else {
            if (!first.isIdentifier()) {
                throw new KdaSqlException(first, "Expected a stream name, found \"" + first.text() + "\"");
            }
            source = sources.get(first.identifier());
            if (source == null) {
                throw new KdaSqlException(first, "Object '" + first.identifier() + "' not found");
            }
            boolean joined = tokens != query.from() && query.from().indexOf(first) > 0;
            if (!source.stream() && !joined) {
                throw new KdaSqlException(first, "Cannot SELECT STREAM from reference table '" + source.name() + "': join it to a stream");
            }
            if (streams.containsKey(source.name())) {
                int shift = shift(source.name(), first);
                source = new Source(source.name(), source.columns(), true, shift);
            }
            sql = KdaSqlWriter.quote(source.name());
            next = 1;
            alias = source.name();
        }
        Long rangeMillis = null;
        if (next < tokens.size() && tokens.get(next).isWord("OVER")) {
            KdaSqlToken over = tokens.get(next);
            if (!source.stream()) {
                throw new KdaSqlException(over, "A reference table cannot have a window");
            }
            List<KdaSqlToken> specification;
            if (next + 1 < tokens.size() && tokens.get(next + 1).isSymbol("(")) {
                int close = matching(tokens, next + 1);
                specification = tokens.subList(next + 2, close);
                next = close + 1;
            }
            else if (next + 1 < tokens.size() && tokens.get(next + 1).isIdentifier()) {
                specification = namedWindow(query, tokens.get(next + 1));
                next += 2;
            }
            else {
                throw new KdaSqlException(over, "Expected a window after OVER");
            }
            rangeMillis = joinRange(specification, over);
        }
        if (next < tokens.size() && tokens.get(next).isWord("AS")) {
            next++;
        }
        if (next < tokens.size()) {
            if (!tokens.get(next).isIdentifier()) {
                throw new KdaSqlException(tokens.get(next), "Unexpected \"" + tokens.get(next).text() + "\"");
            }
            alias = tokens.get(next).identifier();
            next++;
        }
        if (next < tokens.size()) {
            throw new KdaSqlException(tokens.get(next), "Unexpected \"" + tokens.get(next).text() + "\"");
        }
        if (alias == null) {
            throw new KdaSqlException(first, "A sub-query in FROM needs an alias");
        }
        return new TableReference(source, sql, alias, rangeMillis);
    }

    /** The raw specification of a window named in the query's WINDOW clause. */
    private static List<KdaSqlToken> namedWindow(Query query, KdaSqlToken name) {
        List<KdaSqlToken> tokens = query.window() == null ? List.of() : query.window();
        for (int i = 0; i + 2 < tokens.size(); i++) {
            boolean start = i == 0 || tokens.get(i - 1).isSymbol(",");
            if (start && tokens.get(i).isIdentifier() && tokens.get(i).identifier().equals(name.identifier()) && tokens.get(i + 1).isWord("AS")
                    && tokens.get(i + 2).isSymbol("(")) {
                return tokens.subList(i + 3, matching(tokens, i + 2));
            }
        }
        throw new KdaSqlException(name, "Window '" + name.identifier() + "' not found");
    }

    /** The size of a join window {@code RANGE INTERVAL '<n>' <unit> PRECEDING}, in milliseconds. */
    private static long joinRange(List<KdaSqlToken> specification, KdaSqlToken over) {
        if (indexOfWord(specification, "PARTITION") >= 0) {
            throw new KdaSqlException(over, "The window of a join cannot have PARTITION BY");
        }
        if (specification.size() != 5 || !specification.get(0).isWord("RANGE") || !specification.get(1).isWord("INTERVAL")
                || specification.get(2).kind() != KdaSqlToken.Kind.STRING || !specification.get(2).text().trim().matches("\\d+")
                || !FIXED_UNITS.contains(specification.get(3).upper()) || !specification.get(4).isWord("PRECEDING")) {
            throw new KdaSqlException(specification.isEmpty() ? over : specification.get(0),
                    "Not supported yet: a join window other than RANGE INTERVAL '<n>' SECOND|MINUTE|HOUR|DAY PRECEDING");
        }
        return Long.parseLong(specification.get(2).text().trim()) * millis(specification.get(3).upper());
    }

    /**
     * TOP_K_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM s), 'column', K, windowSeconds) as a window Top-N over TUMBLE, giving
     * the column and MOST_FREQUENT_VALUES (its count); COUNT_DISTINCT_ITEMS_TUMBLING(CURSOR(...), 'column', windowSeconds)
     * as COUNT(DISTINCT) over TUMBLE, giving NUMBER_OF_DISTINCT_ITEMS. Both are exact (KDA approximates) and emit when
     * the window closes, with ROWTIME = the window end. The columns come back as {@link Selected#rawColumns()}.
     */
    private Selected tableFunction(KdaSqlToken function, List<KdaSqlToken> argumentTokens) {
        boolean topK = function.isWord("TOP_K_ITEMS_TUMBLING");
        List<List<KdaSqlToken>> arguments = split(argumentTokens, function);
        int arity = topK ? 4 : 3;
        if (arguments.size() != arity) {
            throw new KdaSqlException(function, "Invalid number of arguments to function '" + function.upper() + "'. Was expecting " + arity + " arguments");
        }
        List<KdaSqlToken> cursorTokens = arguments.get(0);
        if (cursorTokens.size() < 3 || !cursorTokens.get(0).isWord("CURSOR") || !cursorTokens.get(1).isSymbol("(")
                || matching(cursorTokens, 1) != cursorTokens.size() - 1) {
            throw new KdaSqlException(cursorTokens.get(0), "Expected CURSOR(SELECT STREAM * FROM <stream>) as the first argument of " + function.upper());
        }
        Cursor cursor = new Cursor(new ArrayList<>(cursorTokens.subList(2, cursorTokens.size())));
        Query inner = parseQuery(cursor);
        boolean star = inner.items().size() == 1 && inner.items().get(0).size() == 1 && inner.items().get(0).get(0).isSymbol("*");
        if (!inner.stream() || !star || inner.distinct() || inner.where() != null || inner.groupBy() != null || inner.having() != null
                || inner.window() != null || inner.orderBy() != null) {
            throw new KdaSqlException(inner.select(), "Not supported yet: a CURSOR other than CURSOR(SELECT STREAM * FROM <stream>) (create a stream and a pump for the query)");
        }
        From from = from(inner);
        if (from.join() != null || from.source().name() == null) {
            throw new KdaSqlException(inner.select(), "Not supported yet: a CURSOR other than CURSOR(SELECT STREAM * FROM <stream>) (create a stream and a pump for the query)");
        }
        Source source = from.source();
        KdaSqlToken columnToken = arguments.get(1).get(0);
        if (arguments.get(1).size() != 1 || columnToken.kind() != KdaSqlToken.Kind.STRING) {
            throw new KdaSqlException(columnToken, "Expected the column name in single quotes, as in 'column1'");
        }
        Column column = null;
        for (Column candidate : source.columns()) {
            if (candidate.name().equals(columnToken.text()) || (column == null && candidate.name().equalsIgnoreCase(columnToken.text()))) {
                column = candidate;
            }
        }
        if (column == null) {
            throw new KdaSqlException(columnToken, "Column '" + columnToken.text() + "' not found in stream '" + source.name() + "'");
        }
        long k = topK ? wholeNumber(arguments.get(2), "K", 1, 100_000) : 0;
        long seconds = wholeNumber(arguments.get(arity - 1), "windowSize", 1, 3_600);
        String item = KdaSqlWriter.quote(column.name());
        String tumble = "TABLE(TUMBLE(TABLE " + KdaSqlWriter.quote(source.name()) + ", DESCRIPTOR(`ROWTIME`), " + interval(seconds * 1000)
                + (source.shift() == 0 ? "" : ", " + interval(-source.shift())) + "))";
        String sql;
        List<Column> columns;
        if (topK) {
            columns = List.of(column, new Column("MOST_FREQUENT_VALUES", new KdaType(KdaType.Kind.BIGINT, 0, 0)));
            sql = "SELECT " + item + ", `MOST_FREQUENT_VALUES`, `ROWTIME` FROM (SELECT " + item + ", `MOST_FREQUENT_VALUES`, `ROWTIME`, "
                    + "ROW_NUMBER() OVER (PARTITION BY `window_start`, `window_end` ORDER BY `MOST_FREQUENT_VALUES` DESC) AS `HYDRANT_ROW_NUMBER` FROM ("
                    + "SELECT `window_start`, `window_end`, " + item + ", COUNT(*) AS `MOST_FREQUENT_VALUES`, `window_time` AS `ROWTIME` FROM " + tumble
                    + " GROUP BY `window_start`, `window_end`, `window_time`, " + item + ")) WHERE `HYDRANT_ROW_NUMBER` <= " + k;
        }
        else {
            columns = List.of(new Column("NUMBER_OF_DISTINCT_ITEMS", new KdaType(KdaType.Kind.BIGINT, 0, 0)));
            sql = "SELECT COUNT(DISTINCT " + item + ") AS `NUMBER_OF_DISTINCT_ITEMS`, `window_time` AS `ROWTIME` FROM " + tumble
                    + " GROUP BY `window_start`, `window_end`, `window_time`";
        }
        return new Selected(sql, columns.stream().map(Column::name).toList(), source.shift() + 1, sql, columns);
    }

    private static long wholeNumber(List<KdaSqlToken> tokens, String what, long minimum, long maximum) {
        if (tokens.size() != 1 || tokens.get(0).kind() != KdaSqlToken.Kind.NUMBER || !tokens.get(0).text().matches("\\d+")) {
            throw new KdaSqlException(tokens.get(0), "Expected a whole number for " + what);
        }
        long value = Long.parseLong(tokens.get(0).text());
        if (value < minimum || value > maximum) {
            throw new KdaSqlException(tokens.get(0), what + " must be between " + minimum + " and " + maximum);
        }
        return value;
    }

    // ---------------------------------------------------------------- anomaly detection table functions

    /**
     * Whether a query reads {@code TABLE(<anomaly function>(...))}: KDA takes such a pump without STREAM (the HOTSPOTS
     * examples of the SQL Reference and the Developer Guide are written {@code SELECT "x", ... FROM TABLE(HOTSPOTS(...))}).
     */
    private static boolean readsAnomalyFunction(Query query) {
        List<KdaSqlToken> from = query.from();
        return from.size() > 2 && from.get(0).isWord("TABLE") && from.get(1).isSymbol("(") && isAnomalyFunction(from.get(2));
    }

    /** Whether a TABLE(...) function is one of KDA's anomaly-detection functions, run by a {@link KdaAnomalyFunctions} PTF. */
    private static boolean isAnomalyFunction(KdaSqlToken function) {
        return function.isWord("RANDOM_CUT_FOREST") || function.isWord("RANDOM_CUT_FOREST_WITH_EXPLANATION") || function.isWord("HOTSPOTS");
    }

    /**
     * RANDOM_CUT_FOREST(CURSOR(...)[, numberOfTrees, subSampleSize, timeDecay, shingleSize]),
     * RANDOM_CUT_FOREST_WITH_EXPLANATION(CURSOR(...)[, ..., withDirectionality]) and HOTSPOTS(CURSOR(...), windowSize,
     * scanRadius, minimumNumberOfPointsInAHotspot): the cursor's query becomes a view, read by the function's PTF with
     * set semantics and no PARTITION BY (one model over the whole stream), {@code on_time} = its ROWTIME and a uid of its
     * own (the PTF's operator uid; its state is found by it after a restart). The result is the cursor's columns, the
     * function's columns and ROWTIME, still a time attribute with the cursor's shift.
     */
    private Selected anomalyFunction(KdaSqlToken function, List<KdaSqlToken> argumentTokens) {
        String name = function.upper();
        boolean hotspots = name.equals("HOTSPOTS");
        boolean explanation = name.equals("RANDOM_CUT_FOREST_WITH_EXPLANATION");
        int arity = hotspots ? 4 : explanation ? 6 : 5;
        List<List<KdaSqlToken>> arguments = argumentTokens.isEmpty() ? List.of() : split(argumentTokens, function);
        if (arguments.size() != arity && (hotspots || arguments.size() != 1)) {
            throw new KdaSqlException(function, "Invalid number of arguments to function '" + name + "'. Was expecting "
                    + (hotspots ? arity : "1 or " + arity) + " arguments");
        }
        List<KdaSqlToken> cursorTokens = arguments.get(0);
        KdaSqlToken cursorToken = cursorTokens.get(0);
        if (cursorTokens.size() < 3 || !cursorToken.isWord("CURSOR") || !cursorTokens.get(1).isSymbol("(")
                || matching(cursorTokens, 1) != cursorTokens.size() - 1) {
            throw new KdaSqlException(cursorToken, "Expected CURSOR(SELECT STREAM ... FROM <stream>) as the first argument of " + name);
        }
        Cursor cursor = new Cursor(new ArrayList<>(cursorTokens.subList(2, cursorTokens.size())));
        Query inner = parseQuery(cursor);
        if (!inner.stream()) {
            throw new KdaSqlException(inner.select(), "A CURSOR needs SELECT STREAM");
        }
        List<KdaType> knownTypes = cursorTypes(inner);
        Selected cursorQuery = select(inner, null);
        if (knownTypes.size() != cursorQuery.names().size()) {
            knownTypes = new ArrayList<>(Collections.nCopies(cursorQuery.names().size(), (KdaType) null));
        }
        checkNumericColumns(name, cursorToken, knownTypes);
        List<String> parameters = new ArrayList<>();
        List<Column> resultColumns = new ArrayList<>();
        if (hotspots) {
            long windowSize = wholeNumber(arguments.get(1), "windowSize", 100, 1_000);
            parameters.add("windowSize => " + windowSize);
            parameters.add("scanRadius => CAST(" + positiveNumber(arguments.get(2), "scanRadius") + " AS DOUBLE)");
            parameters.add("minimumNumberOfPointsInAHotspot => " + wholeNumber(arguments.get(3), "minimumNumberOfPointsInAHotspot", 2, windowSize));
            resultColumns.add(new Column("HOTSPOTS_RESULT", new KdaType(KdaType.Kind.VARCHAR, 10_000, 0)));
        }
        else {
            RandomCutForestParameters forest = RandomCutForestParameters.DEFAULTS;
            if (arguments.size() > 1) {
                long numberOfTrees = wholeNumber(arguments.get(1), "numberOfTrees", RandomCutForestParameters.MIN_TREES, RandomCutForestParameters.MAX_TREES);
                long subSampleSize = wholeNumber(arguments.get(2), "subSampleSize", RandomCutForestParameters.MIN_SUB_SAMPLE_SIZE, RandomCutForestParameters.MAX_SUB_SAMPLE_SIZE);
                long timeDecay = wholeNumber(arguments.get(3), "timeDecay", RandomCutForestParameters.MIN_TIME_DECAY, RandomCutForestParameters.MAX_TIME_DECAY);
                if (subSampleSize >= timeDecay) {
                    throw new KdaSqlException(arguments.get(3).get(0), "subSampleSize (" + subSampleSize + ") must be less than timeDecay (" + timeDecay + ")");
                }
                long shingleSize = wholeNumber(arguments.get(4), "shingleSize", RandomCutForestParameters.MIN_SHINGLE_SIZE, RandomCutForestParameters.MAX_SHINGLE_SIZE);
                forest = new RandomCutForestParameters((int) numberOfTrees, (int) subSampleSize, (int) timeDecay, (int) shingleSize);
            }
            parameters.add("numberOfTrees => " + forest.numberOfTrees());
            parameters.add("subSampleSize => " + forest.subSampleSize());
            parameters.add("timeDecay => " + forest.timeDecay());
            parameters.add("shingleSize => " + forest.shingleSize());
            resultColumns.add(new Column("ANOMALY_SCORE", new KdaType(KdaType.Kind.DOUBLE, 0, 0)));
            if (explanation) {
                boolean withDirectionality = false;
                if (arguments.size() > 1) {
                    List<KdaSqlToken> flag = arguments.get(5);
                    if (flag.size() != 1 || !(flag.get(0).isWord("TRUE") || flag.get(0).isWord("FALSE"))) {
                        throw new KdaSqlException(flag.get(0), "Expected TRUE or FALSE for withDirectionality");
                    }
                    withDirectionality = flag.get(0).isWord("TRUE");
                }
                parameters.add("withDirectionality => " + (withDirectionality ? "TRUE" : "FALSE"));
                resultColumns.add(new Column("ANOMALY_EXPLANATION", new KdaType(KdaType.Kind.VARCHAR, 20_480, 0)));
            }
        }
        int call = ++anomalyFunctionCalls;
        String view = "HYDRANT_CURSOR_" + call;
        statements.add("CREATE TEMPORARY VIEW " + KdaSqlWriter.quote(view) + " AS " + cursorQuery.sql());
        statementPositions.add(cursorToken);
        List<Column> columns = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (String column : cursorQuery.names()) {
            columns.add(new Column(column, new KdaType(KdaType.Kind.VARCHAR, KdaType.UNBOUNDED, 0)));
            items.add(KdaSqlWriter.quote(column));
        }
        for (int i = 0; i < knownTypes.size(); i++) {
            if (knownTypes.get(i) != null) {
                columns.set(i, new Column(columns.get(i).name(), knownTypes.get(i)));
            }
        }
        for (Column column : resultColumns) {
            columns.add(column);
            items.add(KdaSqlWriter.quote(column.name()));
        }
        String sql = "SELECT " + String.join(", ", items) + ", `rowtime` AS `ROWTIME` FROM TABLE(KDA_" + name + "(input => TABLE " + KdaSqlWriter.quote(view)
                + ", " + String.join(", ", parameters) + ", on_time => DESCRIPTOR(`ROWTIME`), uid => 'hydrant-" + name.toLowerCase(Locale.ROOT).replace('_', '-')
                + "-" + call + "'))";
        return new Selected(sql, columns.stream().map(Column::name).toList(), cursorQuery.shift(), sql, columns);
    }

    /**
     * The types of a CURSOR's items where the translator knows them: {@code *} and column references of a stream or
     * reference table named in FROM (null for expressions and for columns of sub-queries and joins, which only Flink
     * types; the PTF checks those when the statement is planned).
     */
    private List<KdaType> cursorTypes(Query query) {
        List<KdaSqlToken> from = query.from();
        Source source = null;
        String alias = null;
        boolean simple = !from.isEmpty() && from.get(0).isIdentifier() && (from.size() == 1 || (from.size() == 2 && from.get(1).isIdentifier())
                || (from.size() == 3 && from.get(1).isWord("AS") && from.get(2).isIdentifier()));
        if (simple) {
            source = sources.get(from.get(0).identifier());
            alias = from.get(from.size() - 1).identifier();
        }
        List<KdaType> types = new ArrayList<>();
        for (List<KdaSqlToken> item : query.items()) {
            boolean star = item.size() == 1 && item.get(0).isSymbol("*");
            boolean qualifiedStar = item.size() == 3 && item.get(0).isIdentifier() && item.get(1).isSymbol(".") && item.get(2).isSymbol("*")
                    && item.get(0).identifier().equals(alias);
            if ((star || qualifiedStar) && source != null) {
                for (Column column : source.columns()) {
                    types.add(column.type());
                }
                continue;
            }
            KdaSqlToken column = null;
            if (item.size() == 1 && item.get(0).isIdentifier()) {
                column = item.get(0);
            }
            else if (item.size() == 3 && item.get(1).isSymbol(".") && item.get(0).isIdentifier() && item.get(2).isIdentifier()
                    && item.get(0).identifier().equals(alias)) {
                column = item.get(2);
            }
            int index = source == null || column == null ? -1 : indexOf(source.columns(), column.identifier());
            types.add(index < 0 ? null : source.columns().get(index).type());
        }
        return types;
    }

    /** KDA's analytic functions need at least one and at most 30 numeric columns (DECIMAL is not one of them). */
    private static void checkNumericColumns(String function, KdaSqlToken cursor, List<KdaType> types) {
        int numeric = 0;
        boolean allKnown = true;
        for (KdaType type : types) {
            if (type == null) {
                allKnown = false;
                continue;
            }
            switch (type.kind()) {
                case TINYINT:
                case SMALLINT:
                case INTEGER:
                case BIGINT:
                case REAL:
                case DOUBLE:
                    numeric++;
                    break;
                default:
                    break;
            }
        }
        if (allKnown && numeric == 0) {
            throw new KdaSqlException(cursor, function + " needs at least one numeric column (DOUBLE, INTEGER, FLOAT, TINYINT, SMALLINT, REAL or BIGINT) in its CURSOR");
        }
        if (!function.equals("HOTSPOTS") && numeric > RandomCutForestParameters.MAX_NUMERIC_COLUMNS) {
            throw new KdaSqlException(cursor, function + " accepts at most " + RandomCutForestParameters.MAX_NUMERIC_COLUMNS + " numeric columns, the CURSOR has " + numeric);
        }
    }

    /** A positive number literal ({@code 0.2}, {@code 1e-3}) as Flink SQL text. */
    private static String positiveNumber(List<KdaSqlToken> tokens, String what) {
        if (tokens.size() != 1 || tokens.get(0).kind() != KdaSqlToken.Kind.NUMBER) {
            throw new KdaSqlException(tokens.get(0), "Expected a number for " + what);
        }
        double value;
        try {
            value = Double.parseDouble(tokens.get(0).text());
        }
        catch (NumberFormatException e) {
            throw new KdaSqlException(tokens.get(0), "Expected a number for " + what);
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new KdaSqlException(tokens.get(0), what + " must be greater than 0");
        }
        return tokens.get(0).text();
    }

    private static int matching(List<KdaSqlToken> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol("(")) {
                depth++;
            }
            else if (tokens.get(i).isSymbol(")")) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        throw new KdaSqlException(tokens.get(open), "Unbalanced parentheses");
    }

    /** The tumbling window of a GROUP BY, or null when there is no GROUP BY. Rejects a GROUP BY without one. */
    private Window window(Query query, From from) {
        if (query.groupBy() == null) {
            return null;
        }
        if (from.join() != null) {
            throw new KdaSqlException(query.groupToken(), "Not supported yet: a window aggregate over a join (create a stream and a pump for the join)");
        }
        Scope scope = from.scope();
        Window window = null;
        for (int i = 0; i < query.groupBy().size(); i++) {
            Window candidate = timeKey(query.groupBy().get(i), scope, i);
            if (candidate != null) {
                if (window != null) {
                    throw new KdaSqlException(query.groupBy().get(i).get(0), "Not supported yet: more than one ROWTIME window in GROUP BY");
                }
                window = candidate;
            }
        }
        if (window == null) {
            throw new KdaSqlException(query.groupToken(),
                    "Streaming aggregation requires a monotonic expression in GROUP BY: group by STEP(<stream>.ROWTIME BY INTERVAL ...) or FLOOR(<stream>.ROWTIME TO <unit>)");
        }
        if (from.source().name() == null) {
            throw new KdaSqlException(query.groupToken(), "Not supported yet: a window aggregate over a sub-query (create a stream and a pump for it)");
        }
        return window;
    }

    /** A STEP(ROWTIME BY interval) or FLOOR(ROWTIME TO unit) expression as a window, else null. */
    private Window timeKey(List<KdaSqlToken> tokens, Scope scope, int index) {
        if (tokens.size() < 4 || !tokens.get(1).isSymbol("(") || matching(tokens, 1) != tokens.size() - 1) {
            return null;
        }
        String function = tokens.get(0).kind() == KdaSqlToken.Kind.WORD ? tokens.get(0).upper() : "";
        List<KdaSqlToken> arguments = tokens.subList(2, tokens.size() - 1);
        if (function.equals("STEP")) {
            int by = indexOfWord(arguments, "BY");
            if (by < 0 || !isRowtime(arguments.subList(0, by), scope)) {
                return null;
            }
            List<KdaSqlToken> interval = arguments.subList(by + 1, arguments.size());
            if (interval.size() != 3 || !interval.get(0).isWord("INTERVAL") || interval.get(1).kind() != KdaSqlToken.Kind.STRING
                    || !FIXED_UNITS.contains(interval.get(2).upper())) {
                throw new KdaSqlException(interval.isEmpty() ? tokens.get(0) : interval.get(0), "Not supported yet: STEP of ROWTIME by anything but INTERVAL '<n>' SECOND|MINUTE|HOUR|DAY");
            }
            String amount = interval.get(1).text().trim();
            if (!amount.matches("\\d+")) {
                throw new KdaSqlException(interval.get(1), "Not supported yet: STEP interval '" + amount + "' (use a whole number)");
            }
            long value = Long.parseLong(amount);
            if (value == 0) {
                throw new KdaSqlException(interval.get(1), "STEP interval must be positive");
            }
            return new Window(millis(interval.get(2).upper()) * value, index);
        }
        if (function.equals("FLOOR")) {
            int to = indexOfWord(arguments, "TO");
            if (to < 0 || !isRowtime(arguments.subList(0, to), scope)) {
                return null;
            }
            if (to != arguments.size() - 2 || !FIXED_UNITS.contains(arguments.get(to + 1).upper())) {
                throw new KdaSqlException(arguments.get(Math.min(to + 1, arguments.size() - 1)), "Not supported yet: FLOOR of ROWTIME to anything but SECOND, MINUTE, HOUR or DAY");
            }
            return new Window(millis(arguments.get(to + 1).upper()), index);
        }
        return null;
    }

    private static long millis(String unit) {
        switch (unit) {
            case "SECOND":
                return 1_000L;
            case "MINUTE":
                return 60_000L;
            case "HOUR":
                return 3_600_000L;
            case "DAY":
                return 86_400_000L;
            default:
                throw new IllegalArgumentException(unit);
        }
    }

    private static int indexOfWord(List<KdaSqlToken> tokens, String word) {
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            KdaSqlToken token = tokens.get(i);
            if (token.isSymbol("(")) {
                depth++;
            }
            else if (token.isSymbol(")")) {
                depth--;
            }
            else if (depth == 0 && token.isWord(word)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether tokens are {@code ROWTIME} or {@code <alias>.ROWTIME} of the query's stream. */
    private static boolean isRowtime(List<KdaSqlToken> tokens, Scope scope) {
        if (tokens.size() == 1) {
            return tokens.get(0).isIdentifier() && tokens.get(0).identifier().equals(ROWTIME);
        }
        if (tokens.size() == 3 && tokens.get(1).isSymbol(".") && tokens.get(0).isIdentifier() && tokens.get(2).isIdentifier()
                && tokens.get(2).identifier().equals(ROWTIME)) {
            return scope.checkQualifier(tokens.get(0)) == scope.bindings().get(0);
        }
        return false;
    }

    /** A Flink day-time interval literal of {@code millis} milliseconds, in the largest unit that holds it whole. */
    static String interval(long millis) {
        String sign = millis < 0 ? "-" : "";
        long magnitude = Math.abs(millis);
        if (magnitude % 1000 != 0) {
            long seconds = magnitude / 1000;
            return "INTERVAL '" + sign + seconds + "." + String.format(Locale.ROOT, "%03d", magnitude % 1000) + "' SECOND" + precision(seconds, ", 3");
        }
        for (String unit : List.of("DAY", "HOUR", "MINUTE", "SECOND")) {
            long unitMillis = millis(unit);
            if (magnitude % unitMillis == 0) {
                long amount = magnitude / unitMillis;
                return "INTERVAL '" + sign + amount + "' " + unit + precision(amount, "");
            }
        }
        throw new AssertionError(millis);
    }

    private static String precision(long amount, String fraction) {
        int digits = Long.toString(amount).length();
        return digits > 2 ? "(" + digits + fraction + ")" : fraction.isEmpty() ? "" : "(2" + fraction + ")";
    }

    private Map<String, String> windowClause(List<KdaSqlToken> tokens, KdaSqlToken select, Expressions expressions) {
        Map<String, String> specifications = new HashMap<>();
        if (tokens.isEmpty()) {
            throw new KdaSqlException(select, "Expected a window definition after WINDOW");
        }
        Cursor cursor = new Cursor(withEnd(tokens));
        do {
            KdaSqlToken name = cursor.identifier("window name");
            cursor.expectWord("AS");
            KdaSqlToken open = cursor.peek();
            cursor.expectSymbol("(");
            List<KdaSqlToken> specification = new ArrayList<>();
            int depth = 0;
            while (!(depth == 0 && cursor.peek().isSymbol(")"))) {
                KdaSqlToken token = cursor.next();
                if (token.kind() == KdaSqlToken.Kind.END) {
                    throw new KdaSqlException(open, "Unbalanced parentheses");
                }
                depth += token.isSymbol("(") ? 1 : token.isSymbol(")") ? -1 : 0;
                specification.add(token);
            }
            cursor.expectSymbol(")");
            specifications.put(name.identifier(), expressions.windowSpecification(specification, open));
        }
        while (cursor.acceptSymbol(","));
        cursor.expectEnd();
        return specifications;
    }

    private static List<KdaSqlToken> withEnd(List<KdaSqlToken> tokens) {
        List<KdaSqlToken> result = new ArrayList<>(tokens);
        KdaSqlToken last = tokens.get(tokens.size() - 1);
        result.add(new KdaSqlToken(KdaSqlToken.Kind.END, "", last.line(), last.column() + last.text().length()));
        return result;
    }

    // ---------------------------------------------------------------- stagger windows, several OVER windows, UNION ALL

    /**
     * A pump's {@code query [UNION ALL query]...}: the queries, each {@code SELECT STREAM}, split at the top-level UNION
     * ALLs (a query may be in parentheses). KDA applies no other set operator to streams.
     */
    private List<Query> unionAll(Cursor cursor) {
        List<KdaSqlToken> tokens = cursor.rest();
        List<Query> queries = new ArrayList<>();
        int start = 0;
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            KdaSqlToken token = tokens.get(i);
            boolean union = depth == 0 && token.isWord("UNION") && i + 1 < tokens.size() && tokens.get(i + 1).isWord("ALL");
            if (union || token.kind() == KdaSqlToken.Kind.END) {
                KdaSqlToken end = union ? new KdaSqlToken(KdaSqlToken.Kind.END, "", token.line(), token.column()) : token;
                queries.add(unionBranch(tokens.subList(start, i), start == 0 ? null : tokens.get(start - 2), end));
                start = i + 2;
                i++;
                continue;
            }
            depth += token.isSymbol("(") ? 1 : token.isSymbol(")") ? -1 : 0;
        }
        return queries;
    }

    private Query unionBranch(List<KdaSqlToken> tokens, KdaSqlToken union, KdaSqlToken end) {
        if (tokens.isEmpty()) {
            throw new KdaSqlException(end, "Expected SELECT STREAM" + (union == null ? "" : " after UNION ALL") + ", found end of statement");
        }
        List<KdaSqlToken> query = tokens;
        if (tokens.get(0).isSymbol("(") && matching(tokens, 0) == tokens.size() - 1) {
            query = tokens.subList(1, tokens.size() - 1);
        }
        List<KdaSqlToken> withEnd = new ArrayList<>(query);
        withEnd.add(end);
        Cursor cursor = new Cursor(withEnd);
        Query parsed = parseQuery(cursor);
        cursor.expectEnd();
        if (union != null && !parsed.stream()) {
            throw new KdaSqlException(parsed.select(), "UNION ALL of a stream and a relation: both queries need SELECT STREAM");
        }
        return parsed;
    }

    /** The problem with a set operator inside a query: only a pump's top-level UNION ALL is translated. */
    private static String setOperatorProblem(KdaSqlToken operator, KdaSqlToken next) {
        if (operator.isWord("UNION") && next.isWord("ALL")) {
            return "Not supported yet: UNION ALL in a sub-query (use UNION ALL in the pump's query, or feed a stream from several pumps)";
        }
        return operator.upper() + " cannot be applied to streams: UNION ALL is the only set operator for streams";
    }

    /**
     * A pump of {@code q1 UNION ALL q2 ...}: each query cast to the target columns like a pump of its own, with its own
     * ROWTIME, so the stream gets every row of every query (as from several pumps).
     */
    private Selected selectUnionAll(Pump pump) {
        Selected first = select(pump.query(), pump);
        List<String> selects = new ArrayList<>(List.of(first.sql()));
        for (Query query : pump.unionAll()) {
            Selected selected = select(query, pump);
            if (selected.shift() != first.shift()) {
                throw new KdaSqlException(query.select(), "Not supported yet: UNION ALL of window aggregates and row queries (their ROWTIMEs differ)");
            }
            selects.add(selected.sql());
            pumpChecks.add(new PumpCheck(pump.nameToken(), pump.target().name(), selected.rawSql(), selected.rawColumns()));
        }
        return new Selected(String.join(" UNION ALL ", selects), first.names(), first.shift(), first.rawSql(), first.rawColumns());
    }

    /** A query's WHERE condition in Flink SQL, or null without WHERE. */
    private static String where(Query query, Expressions expressions) {
        if (query.where() == null) {
            return null;
        }
        if (query.where().isEmpty()) {
            throw new KdaSqlException(query.whereToken() == null ? query.fromToken() : query.whereToken(), "Expected a condition after WHERE");
        }
        String condition = expressions.translate(query.where());
        if (expressions.aggregate != null) {
            throw new KdaSqlException(expressions.aggregate, "Aggregate functions are not allowed in WHERE");
        }
        if (expressions.overSpecification != null) {
            throw new KdaSqlException(query.whereToken(), "OVER is not allowed in WHERE or GROUP BY");
        }
        return condition;
    }

    /**
     * {@code WINDOWED BY STAGGER (PARTITION BY keys RANGE INTERVAL 'n' unit)}. Per value of the keys, a window opens
     * with the first row, at its ROWTIME t0, holds the rows of [t0, t0 + n) and closes at t0 + n, which is the ROWTIME
     * of its aggregate row; the next row of the keys opens the next window. Translated to two views, the rows (after
     * WHERE) with the keys as columns, then {@link KdaStaggerWindow} partitioned by them, which emits each window's rows
     * at its close with Flink ROWTIME t0 + n - 1 ms; the query aggregates those with a 1 ms TUMBLE grouped by the keys,
     * so the windows behave like tumbling windows downstream (ROWTIME = window_end, shift + 1).
     */
    private Stagger stagger(Query query, From from, Pump pump) {
        KdaSqlToken windowed = query.windowedToken();
        List<KdaSqlToken> tokens = query.windowedBy();
        String form = "WINDOWED BY STAGGER (PARTITION BY <keys> RANGE INTERVAL '<n>' SECOND|MINUTE|HOUR|DAY)";
        if (tokens.isEmpty() || !tokens.get(0).isWord("STAGGER")) {
            throw new KdaSqlException(tokens.isEmpty() ? windowed : tokens.get(0), "Expected " + form);
        }
        if (tokens.size() < 2 || !tokens.get(1).isSymbol("(")) {
            throw new KdaSqlException(tokens.get(tokens.size() < 2 ? 0 : 1), "Expected \"(\" after STAGGER: " + form);
        }
        int close = matching(tokens, 1);
        if (close != tokens.size() - 1) {
            throw new KdaSqlException(tokens.get(close + 1), "Unexpected \"" + tokens.get(close + 1).text() + "\" after the stagger window");
        }
        List<KdaSqlToken> specification = tokens.subList(2, close);
        if (specification.size() < 2 || !specification.get(0).isWord("PARTITION") || !specification.get(1).isWord("BY")) {
            throw new KdaSqlException(specification.isEmpty() ? tokens.get(close) : specification.get(0), "Expected PARTITION BY in " + form);
        }
        int range = indexOfWord(specification, "RANGE");
        if (range < 0) {
            throw new KdaSqlException(tokens.get(close), "Expected RANGE INTERVAL after the partition keys: " + form);
        }
        if (range == 2) {
            throw new KdaSqlException(specification.get(2), "Expected a partition key after PARTITION BY");
        }
        List<List<KdaSqlToken>> keys = split(specification.subList(2, range), specification.get(1));
        List<KdaSqlToken> interval = specification.subList(range + 1, specification.size());
        KdaSqlToken rangeToken = specification.get(range);
        if (interval.size() != 3 || !interval.get(0).isWord("INTERVAL") || interval.get(1).kind() != KdaSqlToken.Kind.STRING
                || !FIXED_UNITS.contains(interval.get(2).upper())) {
            throw new KdaSqlException(interval.isEmpty() ? rangeToken : interval.get(0), "Expected RANGE INTERVAL '<n>' SECOND|MINUTE|HOUR|DAY in " + form);
        }
        String amount = interval.get(1).text().trim();
        if (!amount.matches("\\d+") || Long.parseLong(amount) == 0) {
            throw new KdaSqlException(interval.get(1), "The stagger window's RANGE must be a positive whole number of " + interval.get(2).upper() + "S, found '" + amount + "'");
        }
        long rangeMillis = Long.parseLong(amount) * millis(interval.get(2).upper());
        if (from.join() != null) {
            throw new KdaSqlException(windowed, "Not supported yet: a stagger window over a join (create a stream and a pump for the join)");
        }
        Source source = from.source();
        if (source.name() == null) {
            throw new KdaSqlException(windowed, "Not supported yet: a stagger window over a sub-query (create a stream and a pump for it)");
        }
        Scope scope = from.scope();
        List<String> keySql = new ArrayList<>();
        List<Check> keyChecks = new ArrayList<>();
        for (List<KdaSqlToken> key : keys) {
            Expressions expressions = new Expressions(scope, null, source.shift());
            keySql.add(expressions.translate(key));
            if (expressions.aggregate != null || expressions.overSpecification != null) {
                throw new KdaSqlException(key.get(0), "Aggregate functions are not allowed in the stagger window's PARTITION BY");
            }
            keyChecks.addAll(expressions.takeChecks());
        }
        if (query.groupBy() != null) {
            List<String> groupSql = new ArrayList<>();
            for (List<KdaSqlToken> key : query.groupBy()) {
                groupSql.add(new Expressions(scope, null, source.shift()).translate(key));
            }
            if (!new HashSet<>(groupSql).equals(new HashSet<>(keySql))) {
                throw new KdaSqlException(query.groupToken(), "With WINDOWED BY STAGGER, GROUP BY can list only the stagger window's partition keys (or be left out)");
            }
        }
        Expressions whereExpressions = new Expressions(scope, null, source.shift());
        String condition = where(query, whereExpressions);
        KdaSqlToken position = pump != null ? pump.nameToken() : query.select();
        String name = "HYDRANT_STAGGER_" + (++staggerWindows);
        String uid = pump == null ? name : staggerUid(pump.name(), staggerWindowsPerPump.merge(pump.name(), 1, Integer::sum));
        String alias = KdaSqlWriter.quote(from.alias());
        boolean aliased = !source.name().equals(from.alias());
        KdaSqlWriter rows = new KdaSqlWriter().append("CREATE TEMPORARY VIEW").append(KdaSqlWriter.quote(name + "_ROWS")).append("AS SELECT");
        // one key column: Flink 2.2 stores a view over PARTITION BY (a, b) as "PARTITION BY a, b", which it cannot read back
        rows.append((keySql.size() == 1 ? keySql.get(0) : "ROW(" + String.join(", ", keySql) + ")") + " AS `HYDRANT_KEY`,");
        List<String> columns = new ArrayList<>();
        for (Column column : source.columns()) {
            columns.add(KdaSqlWriter.quote(column.name()));
            rows.append(alias + "." + KdaSqlWriter.quote(column.name()) + ",");
        }
        rows.append(alias + ".`ROWTIME` FROM " + from.sql() + (aliased ? " AS " + alias : ""));
        String function = "CREATE TEMPORARY VIEW " + KdaSqlWriter.quote(name) + " AS SELECT " + String.join(", ", columns) + (columns.isEmpty() ? "" : ", ")
                + "`ROWTIME`, `rowtime` AS `HYDRANT_CLOSE` FROM " + KdaStaggerWindow.NAME + "(input => TABLE " + KdaSqlWriter.quote(name + "_ROWS")
                + " PARTITION BY `HYDRANT_KEY`, " + KdaStaggerWindow.RANGE_ARGUMENT + " => CAST(" + rangeMillis
                + " AS BIGINT), on_time => DESCRIPTOR(`ROWTIME`), uid => " + KdaSqlWriter.literal(uid) + ")";
        String window = "TABLE(TUMBLE(TABLE " + KdaSqlWriter.quote(name) + ", DESCRIPTOR(`HYDRANT_CLOSE`), " + interval(1) + ")) AS " + alias;
        return new Stagger(new Window(rangeMillis, -1), window, List.copyOf(keySql), List.copyOf(keyChecks), condition, whereExpressions.takeChecks(),
                rows.toString(), function, position);
    }

    /**
     * Adds a stagger window's views: its rows (those that pass {@code condition}, its WHERE and row checks) and the
     * stagger function over them. Called once the query's row checks are known, before the view of the query's stream.
     */
    private void addStaggerViews(Stagger stagger, String condition) {
        KdaSqlWriter rows = new KdaSqlWriter().append(stagger.rowsView());
        if (condition != null) {
            rows.append("WHERE").append(condition);
        }
        statements.add(rows.toString());
        statementPositions.add(stagger.position());
        statements.add(stagger.functionView());
        statementPositions.add(stagger.position());
    }

    /**
     * The uid of the n-th stagger window of a pump. Flink restores the function's state by uid, so it is named after
     * the pump (pump names are unique) rather than numbered across the application, and editing other pumps cannot
     * hand it another window's state. Flink wants {@code [a-zA-Z_][a-zA-Z-_0-9]*}: other characters become {@code _},
     * with a hash of the exact name to keep such names apart.
     */
    private static String staggerUid(String pump, int n) {
        String clean = pump.replaceAll("[^a-zA-Z0-9_-]", "_");
        String exact = clean.equals(pump) ? "" : "_" + Integer.toUnsignedString(pump.hashCode(), 36);
        return "stagger_" + clean + exact + "_" + n;
    }

    /**
     * The OVER split of a query whose items use more than one distinct OVER window, else null. Flink computes all OVER
     * aggregates of a SELECT over one window, so each window becomes a nested query that adds its aggregates as columns
     * to every row and passes the rows (and ROWTIME, still a time attribute) on; each row keeps its own values, as in
     * KDA, where every OVER aggregate is evaluated over its own window ending at the current row.
     */
    private OverSplit overSplit(List<Item> items, From from, Map<String, String> windowSpecifications) {
        boolean over = false;
        for (Item item : items) {
            over |= item.tokens().stream().anyMatch(token -> token.isWord("OVER"));
        }
        if (!over) {
            return null;
        }
        Scope scope = from.scope();
        OverSplit split = new OverSplit(from);
        Expressions probe = new Expressions(scope, null, from.source().shift());
        probe.windowSpecifications = windowSpecifications;
        probe.overSplit = split;
        KdaSqlToken second = null;
        for (Item item : items) {
            int before = split.windows();
            probe.translate(item.tokens());
            if (second == null && before < 2 && split.windows() > 1) {
                second = item.tokens().get(0);
            }
        }
        if (split.windows() < 2) {
            return null;
        }
        if (from.join() != null) {
            throw new KdaSqlException(second, "Not supported yet: different OVER windows in a query with a join (join in a pump into a stream, then window that)");
        }
        return split;
    }

    /** Several OVER windows of one query: the aggregates of each window, computed by one nested query per window. */
    private static final class OverSplit {
        private final From from;
        private final Map<String, List<String>> aggregates = new LinkedHashMap<>();
        private final Map<String, String> columns = new HashMap<>();

        OverSplit(From from) {
            this.from = from;
        }

        int windows() {
            return aggregates.size();
        }

        /** The column that holds {@code call OVER (specification)} for the current row. */
        String column(String call, String specification) {
            String key = specification + "\u0000" + call;
            String column = columns.get(key);
            if (column == null) {
                column = KdaSqlWriter.quote("HYDRANT_OVER_" + columns.size());
                columns.put(key, column);
                aggregates.computeIfAbsent(specification, ignored -> new ArrayList<>()).add(call + " OVER (" + specification + ") AS " + column);
            }
            return KdaSqlWriter.quote(from.alias()) + "." + column;
        }

        /** The nested queries, innermost over the FROM stream (filtered by {@code condition}), as a FROM item. */
        String from(From from, String condition) {
            String alias = KdaSqlWriter.quote(from.alias());
            List<String> passed = new ArrayList<>();
            for (Column column : from.source().columns()) {
                passed.add(alias + "." + KdaSqlWriter.quote(column.name()));
            }
            passed.add(alias + ".`ROWTIME`");
            boolean aliased = from.source().name() == null || !from.source().name().equals(from.alias());
            String sql = null;
            for (List<String> window : aggregates.values()) {
                String inner = sql == null
                        ? from.sql() + (aliased ? " AS " + alias : "") + (condition == null ? "" : " WHERE " + condition)
                        : "(" + sql + ") AS " + alias;
                sql = "SELECT " + String.join(", ", passed) + ", " + String.join(", ", window) + " FROM " + inner;
                for (String aggregate : window) {
                    passed.add(alias + "." + aggregate.substring(aggregate.lastIndexOf(" AS ") + 4));
                }
            }
            return "(" + sql + ") AS " + alias;
        }
    }

    // ---------------------------------------------------------------- expressions

    /** Translates expressions over one scope; records aggregates and OVER windows it meets. */
    private final class Expressions {
        private final Scope scope;
        private final Window window;
        private final int shift;
        private Map<String, String> windowSpecifications = Map.of();
        private KdaSqlToken aggregate;
        private String overSpecification;
        /**
         * A stagger window's partition keys in Flink SQL: an item that is one of them (such as FLOOR(ROWTIME TO MINUTE))
         * is the rows' value, while ROWTIME elsewhere is the window's close.
         */
        private List<String> staggerKeys;
        /** Set when the query has several OVER windows: each OVER aggregate becomes a column of a nested query. */
        private OverSplit overSplit;
        /** The checks of the expressions translated so far that are evaluated whenever the expression is. */
        private final List<Check> checks = new ArrayList<>();
        /** The checks inside aggregates' arguments, evaluated on every row before it is aggregated. */
        private final List<Check> argumentChecks = new ArrayList<>();
        /**
         * Above 0 while translating what is evaluated only under a condition: a CASE's results and its WHEN conditions
         * after the first, COALESCE's arguments after the first, what follows AND or OR. Such expressions get their safe
         * form (NULL where they would fail) without a check: their row is not an error.
         */
        private int conditional;

        Expressions(Scope scope, Window window, int shift) {
            this.scope = scope;
            this.window = window;
            this.shift = shift;
        }

        /** The checks recorded since the last call. */
        List<Check> takeChecks() {
            List<Check> taken = List.copyOf(checks);
            checks.clear();
            return taken;
        }

        /** The checks of aggregate arguments recorded since the last call. */
        List<Check> takeArgumentChecks() {
            List<Check> taken = List.copyOf(argumentChecks);
            argumentChecks.clear();
            return taken;
        }

        String translate(List<KdaSqlToken> tokens) {
            KdaSqlWriter sql = new KdaSqlWriter();
            int outerConditional = conditional;
            ArrayDeque<CaseFrame> cases = new ArrayDeque<>();
            int betweens = 0;
            try {
                int i = 0;
                while (i < tokens.size()) {
                    int chain = divisionChain(tokens, i);
                    if (chain > 0) {
                        sql.append(translateChain(tokens.subList(i, chain)));
                        i = chain;
                        continue;
                    }
                    KdaSqlToken token = tokens.get(i);
                    if (token.isWord("CASE")) {
                        cases.push(new CaseFrame(conditional));
                    }
                    else if (token.isWord("THEN") && !cases.isEmpty() && !cases.peek().branch) {
                        cases.peek().branch = true;
                        conditional++;
                    }
                    else if (token.isWord("END") && !cases.isEmpty()) {
                        conditional = cases.pop().conditional;
                    }
                    else if (token.isWord("BETWEEN")) {
                        betweens++;
                    }
                    else if (token.isWord("AND") && betweens > 0) {
                        betweens--;
                    }
                    else if (token.isWord("AND") || token.isWord("OR")) {
                        conditional++;
                    }
                    i = term(tokens, i, sql);
                }
            }
            finally {
                conditional = outerConditional;
            }
            return sql.toString();
        }

        /**
         * The end of the chain {@code operand (* | /) operand ...} that starts at {@code start} when it holds a division,
         * else -1. Multiplication and division bind tighter than every other binary operator and associate to the left,
         * so the dividend of each {@code /} is the chain before it and the divisor the operand after it.
         */
        private int divisionChain(List<KdaSqlToken> tokens, int start) {
            int end = operandEnd(tokens, start);
            if (end < 0) {
                return -1;
            }
            boolean division = false;
            while (end < tokens.size() && (tokens.get(end).isSymbol("*") || tokens.get(end).isSymbol("/"))) {
                int next = operandEnd(tokens, end + 1);
                if (next < 0) {
                    return -1;
                }
                division |= tokens.get(end).isSymbol("/") && !isNonZeroNumber(tokens.subList(end + 1, next));
                end = next;
            }
            return division ? end : -1;
        }

        /** Translates a {@link #divisionChain}, each division in its safe form with its check. */
        private String translateChain(List<KdaSqlToken> tokens) {
            int end = operandEnd(tokens, 0);
            String left = translate(tokens.subList(0, end));
            while (end < tokens.size()) {
                KdaSqlToken operator = tokens.get(end);
                int next = operandEnd(tokens, end + 1);
                String right = translate(tokens.subList(end + 1, next));
                if (operator.isSymbol("/") && !isNonZeroNumber(tokens.subList(end + 1, next))) {
                    left = division(left, right, operator, "(" + left + ") / (" + right + ")");
                }
                else {
                    left = left + " " + operator.text() + " " + right;
                }
                end = next;
            }
            return left;
        }

        /**
         * The safe form of {@code quotient} (a division or MOD of {@code dividend} by {@code divisor}): NULL instead of
         * Flink's ArithmeticException when an exact divisor is zero; with its check.
         */
        private String division(String dividend, String divisor, KdaSqlToken position, String quotient) {
            String failure = KdaFunctions.DivisionByZero.NAME + "(" + dividend + ", " + divisor + ")";
            check(failure, DIVISION_BY_ZERO, position, "division by zero");
            return "CASE WHEN " + failure + " THEN NULL ELSE " + quotient + " END";
        }

        /** Records a check, unless the expression is evaluated only under a condition. */
        private void check(String failure, String errorName, KdaSqlToken position, String problem) {
            if (conditional == 0) {
                checks.add(new Check("(" + failure + ")", errorName, "line " + position.line() + ", column " + position.column() + ": " + problem));
            }
        }

        /** Whether a CAST's value may be text, which may not convert: false only when no part of it can be text. */
        private boolean mayBeText(List<KdaSqlToken> tokens) {
            for (int i = 0; i < tokens.size(); i++) {
                KdaSqlToken token = tokens.get(i);
                KdaSqlToken next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
                KdaSqlToken previous = i > 0 ? tokens.get(i - 1) : null;
                boolean literalOfAnotherType = previous != null
                        && (previous.isWord("INTERVAL") || previous.isWord("TIMESTAMP") || previous.isWord("DATE") || previous.isWord("TIME"));
                if ((token.kind() == KdaSqlToken.Kind.STRING && !literalOfAnotherType) || token.isSymbol("||")) {
                    return true;
                }
                if (next != null && next.isSymbol("(")) {
                    if (token.kind() == KdaSqlToken.Kind.WORD && TEXT_FUNCTIONS.contains(token.upper())) {
                        return true;
                    }
                    continue;
                }
                boolean qualifier = next != null && next.isSymbol(".");
                if (token.isIdentifier() && !qualifier && !token.identifier().equals(ROWTIME) && !isNonTextColumn(token.identifier())) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a name is a column of the scope and no column of that name holds text. */
        private boolean isNonTextColumn(String name) {
            boolean found = false;
            for (Binding binding : scope.bindings()) {
                int index = indexOf(binding.source().columns(), name);
                if (index >= 0) {
                    KdaType.Kind kind = binding.source().columns().get(index).type().kind();
                    if (kind == KdaType.Kind.CHAR || kind == KdaType.Kind.VARCHAR) {
                        return false;
                    }
                    found = true;
                }
            }
            return found;
        }

        /** Translates the term starting at {@code i} and returns the index after it. */
        private int term(List<KdaSqlToken> tokens, int i, KdaSqlWriter sql) {
            KdaSqlToken token = tokens.get(i);
            switch (token.kind()) {
                case STRING:
                    sql.append(KdaSqlWriter.literal(token.text()));
                    return i + 1;
                case NUMBER:
                    sql.append(token.text());
                    return i + 1;
                case SYMBOL:
                    if (token.isSymbol("(")) {
                        int close = matching(tokens, i);
                        if (close > i + 1 && tokens.get(i + 1).isWord("SELECT")) {
                            throw new KdaSqlException(tokens.get(i + 1), "Not supported yet: sub-queries in expressions");
                        }
                        sql.append("(").append(translate(tokens.subList(i + 1, close))).append(")");
                        return close + 1;
                    }
                    if (token.isSymbol(")")) {
                        throw new KdaSqlException(token, "Unbalanced parentheses");
                    }
                    if (token.isSymbol(".")) {
                        throw new KdaSqlException(token, "Unexpected \"" + token.text() + "\"");
                    }
                    sql.append(token.isSymbol("!=") ? "<>" : token.text());
                    return i + 1;
                case WORD:
                case QUOTED:
                    if (i + 1 < tokens.size() && tokens.get(i + 1).isSymbol("(") && token.kind() == KdaSqlToken.Kind.WORD
                            && (token.isIdentifier() || token.isWord("CAST") || token.isWord("EXTRACT"))) {
                        return function(tokens, i, sql);
                    }
                    if (token.kind() == KdaSqlToken.Kind.WORD && !token.isIdentifier()) {
                        return keyword(tokens, i, sql);
                    }
                    return reference(tokens, i, sql);
                default:
                    throw new KdaSqlException(token, "Unexpected end of statement");
            }
        }

        private int keyword(List<KdaSqlToken> tokens, int i, KdaSqlWriter sql) {
            KdaSqlToken token = tokens.get(i);
            String upper = token.upper();
            if (upper.equals("SELECT") || upper.equals("EXISTS") || upper.equals("CURSOR")) {
                throw new KdaSqlException(token, "Not supported yet: " + upper + " in an expression");
            }
            if (NOT_SUPPORTED_FUNCTIONS.contains(upper)) {
                throw new KdaSqlException(token, "Not supported yet: " + upper);
            }
            if (upper.equals("CURRENT_ROW_TIMESTAMP")) {
                sql.append("KDA_CURRENT_ROW_TIMESTAMP()");
                return i + 1;
            }
            if (upper.equals("STREAM")) {
                throw new KdaSqlException(token, "Unexpected STREAM");
            }
            sql.append(upper);
            return i + 1;
        }

        private int reference(List<KdaSqlToken> tokens, int i, KdaSqlWriter sql) {
            List<KdaSqlToken> parts = new ArrayList<>();
            parts.add(tokens.get(i));
            int next = i + 1;
            while (next + 1 < tokens.size() && tokens.get(next).isSymbol(".") && tokens.get(next + 1).isIdentifier()) {
                parts.add(tokens.get(next + 1));
                next += 2;
            }
            if (NOT_SUPPORTED_FUNCTIONS.contains(tokens.get(i).upper()) && tokens.get(i).kind() == KdaSqlToken.Kind.WORD) {
                throw new KdaSqlException(tokens.get(i), "Not supported yet: " + tokens.get(i).upper());
            }
            if (parts.size() > 2) {
                throw new KdaSqlException(parts.get(2), "Not supported yet: nested column reference");
            }
            KdaSqlToken column = parts.get(parts.size() - 1);
            String name = column.identifier();
            Binding binding = parts.size() == 2 ? scope.checkQualifier(parts.get(0)) : resolve(name, column);
            boolean rowtime = name.equals(ROWTIME) && binding.source().stream();
            if (!rowtime && indexOf(binding.source().columns(), name) < 0) {
                throw new KdaSqlException(column, "Column '" + name + "' not found in any table");
            }
            boolean primary = binding.equals(scope.bindings().get(0));
            String qualified = KdaSqlWriter.quote(binding.alias()) + "." + KdaSqlWriter.quote(name);
            if (rowtime && window != null) {
                sql.append(plus(KdaSqlWriter.quote(scope.alias()) + ".`window_end`", scope.source().shift()));
            }
            else if (rowtime) {
                sql.append(plus(qualified, primary ? shift : binding.source().shift()));
            }
            else {
                sql.append(qualified);
            }
            return next;
        }

        /** The table of an unqualified column: the only one that has it; ROWTIME is the FROM stream's. */
        private Binding resolve(String name, KdaSqlToken column) {
            Binding found = null;
            if (!name.equals(ROWTIME)) {
                for (Binding binding : scope.bindings()) {
                    if (indexOf(binding.source().columns(), name) >= 0) {
                        if (found != null) {
                            throw new KdaSqlException(column, "Column '" + name + "' is ambiguous");
                        }
                        found = binding;
                    }
                }
            }
            return found == null ? scope.bindings().get(0) : found;
        }

        private int function(List<KdaSqlToken> tokens, int i, KdaSqlWriter sql) {
            KdaSqlToken nameToken = tokens.get(i);
            String name = nameToken.upper();
            int close = matching(tokens, i + 1);
            List<KdaSqlToken> arguments = tokens.subList(i + 2, close);
            int next = close + 1;
            if (staggerKeys != null) {
                String key = staggerKey(tokens.subList(i, close + 1));
                if (key != null) {
                    sql.append(key);
                    return next;
                }
            }
            if (window != null && staggerKeys == null && (name.equals("STEP") || name.equals("FLOOR"))) {
                Window key = timeKey(tokens.subList(i, close + 1), scope, -1);
                if (key != null) {
                    if (key.millis() != window.millis()) {
                        throw new KdaSqlException(nameToken, "Expression '" + name + "' is not being grouped: its window differs from the GROUP BY window");
                    }
                    sql.append(plus(KdaSqlWriter.quote(scope.alias()) + ".`window_start`", scope.source().shift()));
                    return next;
                }
            }
            if (name.equals("STEP")) {
                int by = indexOfWord(arguments, "BY");
                if (by <= 0 || by == arguments.size() - 1) {
                    throw new KdaSqlException(nameToken, "STEP needs the form STEP(<value> BY <step>)");
                }
                List<KdaSqlToken> step = arguments.subList(by + 1, arguments.size());
                if (step.get(0).isWord("INTERVAL")) {
                    if (step.size() != 3 || step.get(1).kind() != KdaSqlToken.Kind.STRING || !FIXED_UNITS.contains(step.get(2).upper())
                            || !step.get(1).text().trim().matches("\\d+")) {
                        throw new KdaSqlException(step.get(0), "Not supported yet: STEP by anything but INTERVAL '<n>' SECOND|MINUTE|HOUR|DAY");
                    }
                    long millis = Long.parseLong(step.get(1).text().trim()) * millis(step.get(2).upper());
                    sql.append("KDA_STEP_TIMESTAMP(" + translate(arguments.subList(0, by)) + ", " + millis + ")");
                    return next;
                }
                sql.append("KDA_STEP(" + translate(arguments.subList(0, by)) + ", " + translate(step) + ")");
                return next;
            }
            if (name.equals("FLOOR") && indexOfWord(arguments, "TO") >= 0) {
                int to = indexOfWord(arguments, "TO");
                if (to != arguments.size() - 2 || !Set.of("SECOND", "MINUTE", "HOUR", "DAY", "MONTH", "YEAR").contains(arguments.get(to + 1).upper())) {
                    throw new KdaSqlException(nameToken, "FLOOR needs the form FLOOR(<timestamp> TO <unit>)");
                }
                sql.append("FLOOR(" + translate(arguments.subList(0, to)) + " TO " + arguments.get(to + 1).upper() + ")");
                return next;
            }
            if (name.equals("FLOOR")) {
                sql.append("FLOOR(" + translate(arguments) + ")");
                return next;
            }
            if (name.equals("CAST")) {
                int as = lastIndexOfWord(arguments, "AS");
                if (as <= 0 || as == arguments.size() - 1) {
                    throw new KdaSqlException(nameToken, "CAST needs the form CAST(<value> AS <type>)");
                }
                StringBuilder type = new StringBuilder();
                for (KdaSqlToken token : arguments.subList(as + 1, arguments.size())) {
                    type.append(typeSeparator(type, token)).append(token.text());
                }
                KdaType target;
                String flinkType;
                try {
                    target = KdaType.parse(type.toString());
                    flinkType = target.flinkType();
                }
                catch (IllegalArgumentException e) {
                    throw new KdaSqlException(arguments.get(as + 1), e.getMessage());
                }
                String value = translate(arguments.subList(0, as));
                if (CAST_CAN_FAIL.contains(target.kind()) && mayBeText(arguments.subList(0, as))) {
                    // Flink's CAST fails the job on text that does not convert; TRY_CAST gives NULL
                    check("(" + value + ") IS NOT NULL AND TRY_CAST(" + value + " AS " + flinkType + ") IS NULL", TYPE_CONVERSION_ERROR, nameToken,
                            "cannot convert the value to " + target);
                    sql.append("TRY_CAST(" + value + " AS " + flinkType + ")");
                    return next;
                }
                sql.append("CAST(" + value + " AS " + flinkType + ")");
                return next;
            }
            if (AGGREGATES.contains(name)) {
                Expressions inner = new Expressions(scope, null, shift);
                String call = name + "(" + (arguments.isEmpty() ? "" : inner.translate(arguments)) + ")";
                if (inner.aggregate != null || inner.overSpecification != null) {
                    throw new KdaSqlException(nameToken, "Aggregate expressions cannot be nested");
                }
                // the argument is evaluated for every row, whatever surrounds the aggregate
                argumentChecks.addAll(inner.checks);
                if (next < tokens.size() && tokens.get(next).isWord("OVER")) {
                    return over(tokens, next, call, sql);
                }
                if (aggregate == null) {
                    aggregate = nameToken;
                }
                sql.append(call);
                return next;
            }
            if (KDA_FUNCTIONS.containsKey(name)) {
                List<List<KdaSqlToken>> parts = arguments.isEmpty() ? List.of() : split(arguments, nameToken);
                int arity = KDA_FUNCTIONS.get(name);
                if (parts.size() != arity) {
                    throw new KdaSqlException(nameToken, "Invalid number of arguments to function '" + name + "'. Was expecting " + arity + " arguments");
                }
                List<String> translated = new ArrayList<>();
                for (List<KdaSqlToken> part : parts) {
                    translated.add(translate(part));
                }
                sql.append("KDA_" + name + "(" + String.join(", ", translated) + ")");
                return next;
            }
            if (name.equals("MOD") && !arguments.isEmpty() && split(arguments, nameToken).size() == 2) {
                List<List<KdaSqlToken>> parts = split(arguments, nameToken);
                String dividend = translate(parts.get(0));
                String divisor = translate(parts.get(1));
                sql.append(division(dividend, divisor, nameToken, "MOD(" + dividend + ", " + divisor + ")"));
                return next;
            }
            if (name.equals("COALESCE") && !arguments.isEmpty()) {
                List<List<KdaSqlToken>> parts = split(arguments, nameToken);
                List<String> translated = new ArrayList<>(List.of(translate(parts.get(0))));
                conditional++;
                try {
                    for (List<KdaSqlToken> part : parts.subList(1, parts.size())) {
                        translated.add(translate(part));
                    }
                }
                finally {
                    conditional--;
                }
                sql.append("COALESCE(" + String.join(", ", translated) + ")");
                return next;
            }
            if (SAME_FUNCTIONS.contains(name)) {
                sql.append(name + "(" + translate(arguments) + ")");
                return next;
            }
            if (NOT_SUPPORTED_FUNCTIONS.contains(name)) {
                throw new KdaSqlException(nameToken, "Not supported yet: function " + name);
            }
            throw new KdaSqlException(nameToken, "No match found for function signature " + name);
        }

        private int over(List<KdaSqlToken> tokens, int overIndex, String call, KdaSqlWriter sql) {
            if (overIndex + 1 >= tokens.size()) {
                throw new KdaSqlException(tokens.get(overIndex), "Expected a window after OVER");
            }
            KdaSqlToken next = tokens.get(overIndex + 1);
            String specification;
            int after;
            if (next.isSymbol("(")) {
                int close = matching(tokens, overIndex + 1);
                specification = windowSpecification(tokens.subList(overIndex + 2, close), next);
                after = close + 1;
            }
            else if (next.isIdentifier()) {
                specification = windowSpecifications.get(next.identifier());
                if (specification == null) {
                    throw new KdaSqlException(next, "Window '" + next.identifier() + "' not found");
                }
                after = overIndex + 2;
            }
            else {
                throw new KdaSqlException(next, "Expected a window after OVER");
            }
            if (overSplit != null) {
                overSpecification = specification;
                sql.append(overSplit.column(call, specification));
                return after;
            }
            if (overSpecification != null && !overSpecification.equals(specification)) {
                throw new KdaSqlException(next, "Not supported yet: different OVER windows in one SELECT");
            }
            overSpecification = specification;
            sql.append(call + " OVER (" + specification + ")");
            return after;
        }

        /** The Flink SQL of a call that is one of the stagger window's partition keys, else null. */
        private String staggerKey(List<KdaSqlToken> call) {
            try {
                String sql = new Expressions(scope, null, shift).translate(call);
                return staggerKeys.contains(sql) ? sql : null;
            }
            catch (KdaSqlException e) {
                return null;
            }
        }

        /** The Flink text of a KDA window specification: PARTITION BY kept, ORDER BY ROWTIME added, frames closed at CURRENT ROW. */
        String windowSpecification(List<KdaSqlToken> tokens, KdaSqlToken open) {
            int partition = indexOfWord(tokens, "PARTITION");
            int order = indexOfWord(tokens, "ORDER");
            int frame = Math.max(indexOfWord(tokens, "RANGE"), indexOfWord(tokens, "ROWS"));
            if (frame < 0) {
                throw new KdaSqlException(open, "Not supported yet: a window without RANGE or ROWS");
            }
            if (partition > 0 || (order >= 0 && order > frame) || (partition >= 0 && order >= 0 && order < partition)) {
                throw new KdaSqlException(open, "Window clauses must come in the order PARTITION BY, ORDER BY, RANGE|ROWS");
            }
            KdaSqlWriter sql = new KdaSqlWriter();
            if (partition == 0) {
                int end = order >= 0 ? order : frame;
                if (end < 3 || !tokens.get(1).isWord("BY")) {
                    throw new KdaSqlException(tokens.get(0), "Expected PARTITION BY <columns>");
                }
                List<String> keys = new ArrayList<>();
                for (List<KdaSqlToken> key : split(tokens.subList(2, end), tokens.get(1))) {
                    keys.add(translate(key));
                }
                sql.append("PARTITION BY " + String.join(", ", keys));
            }
            if (order >= 0) {
                List<KdaSqlToken> key = tokens.subList(order + 2, frame);
                if (!isRowtime(key, scope)) {
                    throw new KdaSqlException(tokens.get(order), "Not supported yet: a window ordered by anything but ROWTIME");
                }
            }
            sql.append("ORDER BY " + KdaSqlWriter.quote(scope.alias()) + ".`ROWTIME`");
            List<KdaSqlToken> bounds = tokens.subList(frame + 1, tokens.size());
            if (indexOfWord(bounds, "FOLLOWING") >= 0) {
                throw new KdaSqlException(tokens.get(frame), "Windows must end at the CURRENT ROW: FOLLOWING is not allowed");
            }
            if (bounds.isEmpty()) {
                throw new KdaSqlException(tokens.get(frame), "Expected a window size after " + tokens.get(frame).upper());
            }
            String unit = tokens.get(frame).upper();
            if (bounds.get(0).isWord("BETWEEN")) {
                sql.append(unit + " " + translate(bounds));
            }
            else if (bounds.size() == 2 && bounds.get(0).isWord("CURRENT") && bounds.get(1).isWord("ROW")) {
                sql.append(unit + " BETWEEN CURRENT ROW AND CURRENT ROW");
            }
            else {
                if (!bounds.get(bounds.size() - 1).isWord("PRECEDING")) {
                    throw new KdaSqlException(bounds.get(bounds.size() - 1), "Expected PRECEDING");
                }
                sql.append(unit + " BETWEEN " + translate(bounds) + " AND CURRENT ROW");
            }
            return sql.toString();
        }
    }

    /**
     * The end of the operand of an arithmetic operator that starts at {@code start} (with its unary signs), or -1 when
     * none starts there: a literal, a column, a call (with its OVER window), a parenthesized expression, CASE ... END,
     * an INTERVAL or a typed literal.
     */
    private static int operandEnd(List<KdaSqlToken> tokens, int start) {
        if (start >= tokens.size() || (start > 0 && endsExpression(tokens.get(start - 1)))) {
            return -1;
        }
        int i = start;
        while (i < tokens.size() && (tokens.get(i).isSymbol("-") || tokens.get(i).isSymbol("+"))) {
            i++;
        }
        if (i >= tokens.size()) {
            return -1;
        }
        KdaSqlToken token = tokens.get(i);
        KdaSqlToken next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        if (token.isSymbol("(")) {
            return matching(tokens, i) + 1;
        }
        if (token.kind() == KdaSqlToken.Kind.NUMBER || token.kind() == KdaSqlToken.Kind.STRING) {
            return i + 1;
        }
        if (token.isWord("CASE")) {
            int depth = 0;
            for (int j = i; j < tokens.size(); j++) {
                depth += tokens.get(j).isWord("CASE") ? 1 : tokens.get(j).isWord("END") ? -1 : 0;
                if (depth == 0) {
                    return j + 1;
                }
            }
            return -1;
        }
        if (token.isWord("INTERVAL")) {
            int end = i + 3;
            if (end > tokens.size() || tokens.get(i + 1).kind() != KdaSqlToken.Kind.STRING) {
                return -1;
            }
            end = afterPrecision(tokens, end);
            if (end + 1 < tokens.size() && tokens.get(end).isWord("TO")) {
                end = afterPrecision(tokens, end + 2);
            }
            return end;
        }
        if ((token.isWord("TIMESTAMP") || token.isWord("DATE") || token.isWord("TIME")) && next != null && next.kind() == KdaSqlToken.Kind.STRING) {
            return i + 2;
        }
        if (token.isWord("NULL") || token.isWord("TRUE") || token.isWord("FALSE") || token.isWord("UNKNOWN") || token.isWord("CURRENT_ROW_TIMESTAMP")) {
            return i + 1;
        }
        if (token.kind() == KdaSqlToken.Kind.WORD && next != null && next.isSymbol("(")) {
            int end = matching(tokens, i + 1) + 1;
            if (end < tokens.size() && tokens.get(end).isWord("OVER") && end + 1 < tokens.size()) {
                end = tokens.get(end + 1).isSymbol("(") ? matching(tokens, end + 1) + 1 : end + 2;
            }
            return end;
        }
        if (token.isIdentifier()) {
            int end = i + 1;
            while (end + 1 < tokens.size() && tokens.get(end).isSymbol(".") && tokens.get(end + 1).isIdentifier()) {
                end += 2;
            }
            return end;
        }
        return -1;
    }

    /** Whether an operand is a number literal other than zero, a divisor that cannot fail. */
    private static boolean isNonZeroNumber(List<KdaSqlToken> operand) {
        if (operand.size() != 1 || operand.get(0).kind() != KdaSqlToken.Kind.NUMBER) {
            return false;
        }
        try {
            return new BigDecimal(operand.get(0).text()).signum() != 0;
        }
        catch (NumberFormatException e) {
            return false;
        }
    }

    /** The index after an optional {@code (precision[, scale])} at {@code index}. */
    private static int afterPrecision(List<KdaSqlToken> tokens, int index) {
        return index < tokens.size() && tokens.get(index).isSymbol("(") ? matching(tokens, index) + 1 : index;
    }

    /** A CASE being translated: the conditional depth to return to at its END, and whether its first THEN was seen. */
    private static final class CaseFrame {
        private final int conditional;
        private boolean branch;

        CaseFrame(int conditional) {
            this.conditional = conditional;
        }
    }

    /**
     * An expression that can fail at run time, where KDA sends the row to {@code error_stream} and Flink would fail the
     * job: an exact division or MOD by zero, a CAST of text that does not convert.
     *
     * @param failure Flink SQL, in parentheses, that is TRUE (never NULL) when the expression would fail
     * @param errorName error_stream's ERROR_NAME
     * @param message error_stream's MESSAGE: the expression's place in the application code and the problem
     */
    private record Check(String failure, String errorName, String message) {}

    private static int lastIndexOfWord(List<KdaSqlToken> tokens, String word) {
        int depth = 0;
        int found = -1;
        for (int i = 0; i < tokens.size(); i++) {
            KdaSqlToken token = tokens.get(i);
            depth += token.isSymbol("(") ? 1 : token.isSymbol(")") ? -1 : 0;
            if (depth == 0 && token.isWord(word)) {
                found = i;
            }
        }
        return found;
    }

    private static String plus(String expression, long millis) {
        return millis == 0 ? expression : "(" + expression + " + " + interval(millis) + ")";
    }

    // ---------------------------------------------------------------- values

    /** A table a query can read: an input stream, an in-app stream, a reference table or a sub-query (name null). */
    private record Source(String name, List<Column> columns, boolean stream, int shift) {}

    private record StreamDefinition(String name, KdaSqlToken nameToken, List<Column> columns, List<Pump> pumps) {}

    /** A pump; {@code unionAll} holds the queries after the first of {@code query UNION ALL query ...}. */
    private record Pump(String name, KdaSqlToken nameToken, StreamDefinition target, List<Integer> targetColumns, Query query, List<Query> unionAll) {}

    private record Query(KdaSqlToken select, boolean stream, boolean distinct, List<List<KdaSqlToken>> items, List<KdaSqlToken> from, KdaSqlToken fromToken,
            List<KdaSqlToken> where, KdaSqlToken whereToken, KdaSqlToken groupToken, List<List<KdaSqlToken>> groupBy, List<KdaSqlToken> having,
            List<KdaSqlToken> window, KdaSqlToken orderToken, List<List<KdaSqlToken>> orderBy, KdaSqlToken windowedToken, List<KdaSqlToken> windowedBy) {}

    private record Item(List<KdaSqlToken> tokens, String name) {}

    private record From(Source source, String sql, String alias, Join join) {
        Scope scope() {
            Binding primary = new Binding(alias, source);
            return new Scope(join == null ? List.of(primary) : List.of(primary, join.right()));
        }
    }

    /** The right side of a join: {@code kind} is JOIN or LEFT JOIN; {@code rangeMillis} the window of a joined stream. */
    private record Join(String kind, Binding right, String rightSql, List<KdaSqlToken> on, long rangeMillis) {}

    private record TableReference(Source source, String sql, String alias, Long rangeMillis) {}

    private record Binding(String alias, Source source) {}

    private record Selected(String sql, List<String> names, int shift, String rawSql, List<Column> rawColumns) {}

    /** A pump for validation: its SELECT without the casts to the target columns, and those columns in item order. */
    record PumpCheck(KdaSqlToken position, String stream, String sql, List<Column> targetColumns) {}

    /** A translation with what a validation against Flink needs to place problems in the code. */
    record Checked(Translation translation, List<KdaSqlToken> statementPositions, Map<String, KdaSqlToken> streamPositions, List<PumpCheck> pumps) {}

    /** A tumbling window on ROWTIME of {@code millis}; {@code groupIndex} is its position in GROUP BY. */
    private record Window(long millis, int groupIndex) {
        String size() {
            return interval(millis);
        }

    }

    /**
     * A stagger window: its window (for shift and ROWTIME), FROM item (a 1 ms TUMBLE over the windowed rows) and GROUP
     * BY keys; the checks of its keys, its WHERE condition and that condition's checks; and the views
     * {@link #addStaggerViews} adds: the rows (without WHERE) and the stagger function over them.
     */
    private record Stagger(Window window, String from, List<String> keys, List<Check> keyChecks, String condition, List<Check> conditionChecks,
            String rowsView, String functionView, KdaSqlToken position) {
        String groupBy() {
            return String.join(", ", keys);
        }
    }

    /** The tables a query's expressions see: the FROM stream first, then a joined stream or table. */
    private record Scope(List<Binding> bindings) {
        String alias() {
            return bindings.get(0).alias();
        }

        Source source() {
            return bindings.get(0).source();
        }

        Binding checkQualifier(KdaSqlToken qualifier) {
            for (Binding binding : bindings) {
                if (qualifier.isIdentifier() && qualifier.identifier().equals(binding.alias())) {
                    return binding;
                }
            }
            throw new KdaSqlException(qualifier, "Table '" + qualifier.identifier() + "' not found");
        }
    }

    /** Reads a statement's tokens. */
    private static final class Cursor {
        private final List<KdaSqlToken> tokens;
        private int position;

        Cursor(List<KdaSqlToken> tokens) {
            this.tokens = tokens;
        }

        KdaSqlToken peek() {
            return peek(0);
        }

        KdaSqlToken peek(int ahead) {
            return tokens.get(Math.min(position + ahead, tokens.size() - 1));
        }

        /** The tokens not read yet, up to and including the END token; reads them all. */
        List<KdaSqlToken> rest() {
            List<KdaSqlToken> rest = List.copyOf(tokens.subList(position, tokens.size()));
            position = tokens.size() - 1;
            return rest;
        }


        KdaSqlToken next() {
            KdaSqlToken token = peek();
            if (token.kind() != KdaSqlToken.Kind.END) {
                position++;
            }
            return token;
        }

        boolean acceptWord(String word) {
            if (peek().isWord(word)) {
                position++;
                return true;
            }
            return false;
        }

        boolean acceptSymbol(String symbol) {
            if (peek().isSymbol(symbol)) {
                position++;
                return true;
            }
            return false;
        }

        void expectWord(String word) {
            if (!acceptWord(word)) {
                throw new KdaSqlException(peek(), "Expected " + word + ", found " + describe(peek()));
            }
        }

        void expectSymbol(String symbol) {
            if (!acceptSymbol(symbol)) {
                throw new KdaSqlException(peek(), "Expected \"" + symbol + "\", found " + describe(peek()));
            }
        }

        KdaSqlToken identifier(String what) {
            KdaSqlToken token = peek();
            if (!token.isIdentifier()) {
                throw new KdaSqlException(token, "Expected " + what + ", found " + describe(token));
            }
            return next();
        }

        void expectEnd() {
            if (peek().kind() != KdaSqlToken.Kind.END) {
                throw new KdaSqlException(peek(), "Unexpected " + describe(peek()));
            }
        }

        private static String describe(KdaSqlToken token) {
            return token.kind() == KdaSqlToken.Kind.END ? "end of statement" : "\"" + token.text() + "\"";
        }
    }
}
