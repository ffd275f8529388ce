"""DDL as tools write it (scout W: SSMS "Generate Scripts", MySQL Workbench's forward
engineering, Oracle SQL Developer Data Modeler, Hibernate): statements each engine takes
that archkit had reported as syntax errors, or read without the key or index they make."""

from __future__ import annotations

from archkit.schema import check, load_schema


def _rules(sql: str, dialect: str) -> list[str]:
    return [f.rule for f in check(sql, dialect=dialect, cache=False)]


def test_ssms_rowguidcol_after_a_bracketed_type():
    # SSMS writes [rowguid] [uniqueidentifier] ROWGUIDCOL on every such column
    # (AdventureWorks); the table was lost, and every key to it was AK-FK001
    sql = ("CREATE TABLE [dbo].[Token]([Id] [uniqueidentifier] ROWGUIDCOL  NOT NULL,\n"
           " [Size] [int] SPARSE NULL,\n"
           " CONSTRAINT [PK_Token] PRIMARY KEY CLUSTERED ([Id] ASC)) ON [PRIMARY]\nGO\n"
           "CREATE TABLE [dbo].[TokenUse]([Id] [int] IDENTITY(1,1) NOT NULL PRIMARY KEY,\n"
           " [TokenId] [uniqueidentifier] NOT NULL)\nGO\n"
           "ALTER TABLE [dbo].[TokenUse] WITH CHECK ADD CONSTRAINT [FK_TokenUse_Token]\n"
           " FOREIGN KEY([TokenId]) REFERENCES [dbo].[Token] ([Id])\nGO\n")
    cat = load_schema(sql, "tsql")
    assert list(cat.tables["token"].columns) == ["id", "size"]
    rules = _rules(sql, "tsql")
    assert "AK-SQL001" not in rules and "AK-FK001" not in rules
    # a column named so is still a column
    assert list(load_schema("CREATE TABLE t (ROWGUIDCOL int, x int);", "tsql")
                .tables["t"].columns) == ["rowguidcol", "x"]


def test_ssms_database_header_is_no_error_and_no_noise():
    # SIZE = 8192KB was AK-SQL001, so every full-database SSMS script exited 1; the ~30
    # ALTER DATABASE ... SET lines after it were AK-SQL002 each
    sql = ("CREATE DATABASE [Northwind]\n CONTAINMENT = NONE\n ON  PRIMARY \n"
           "( NAME = N'Northwind', FILENAME = N'C:\\data\\NORTHWND.MDF' , SIZE = 5184KB ,"
           " MAXSIZE = UNLIMITED, FILEGROWTH = 10%)\n LOG ON \n( NAME = N'Northwind_log',"
           " FILENAME = N'C:\\data\\NORTHWND_log.ldf' , SIZE = 3840KB , MAXSIZE = UNLIMITED,"
           " FILEGROWTH = 10%)\nGO\n"
           "ALTER DATABASE [Northwind] SET COMPATIBILITY_LEVEL = 110\nGO\n"
           "ALTER DATABASE [Northwind] SET ANSI_NULL_DEFAULT OFF \nGO\n"
           "CREATE TABLE t (id int PRIMARY KEY)\nGO\n")
    assert [r for r in _rules(sql, "tsql") if r.startswith("AK-SQL")] == []


def test_workbench_separate_create_index_visible():
    # Workbench's "separate CREATE INDEX statements": ... (`email` ASC) VISIBLE; was raw
    # text, the UNIQUE index lost, and the key to it AK-FK001
    sql = ("CREATE TABLE IF NOT EXISTS `users` (`id` BIGINT NOT NULL AUTO_INCREMENT,\n"
           "  `email` VARCHAR(255) NOT NULL, PRIMARY KEY (`id`)) ENGINE = InnoDB;\n"
           "CREATE UNIQUE INDEX `email_UNIQUE` ON `users` (`email` ASC) VISIBLE;\n"
           "CREATE INDEX `by_id` ON `users` (`id` DESC) INVISIBLE;\n"
           "CREATE TABLE IF NOT EXISTS `logins` (`id` BIGINT NOT NULL AUTO_INCREMENT,\n"
           "  `user_email` VARCHAR(255) NOT NULL, PRIMARY KEY (`id`),\n"
           "  CONSTRAINT `fk_logins_users` FOREIGN KEY (`user_email`) REFERENCES `users` (`email`))\n"
           "ENGINE = InnoDB;\n")
    users = load_schema(sql, "mysql").tables["users"]
    assert [(ix.name, ix.unique) for ix in users.indexes] == [("email_UNIQUE", True),
                                                              ("by_id", False)]
    rules = _rules(sql, "mysql")
    assert "AK-SQL002" not in rules and "AK-FK001" not in rules


def test_data_modeler_not_deferrable_keys():
    # Oracle Data Modeler ends every key with NOT DEFERRABLE (the default): the ALTER was
    # raw text, and the column then 'looked like a reference with no foreign key'
    sql = ("CREATE TABLE p (id NUMBER(19) NOT NULL);\n"
           "ALTER TABLE p ADD CONSTRAINT p_pk PRIMARY KEY ( id ) NOT DEFERRABLE;\n"
           "CREATE TABLE c (id NUMBER(19) NOT NULL PRIMARY KEY, p_id NUMBER(19) NOT NULL,\n"
           "  q_id NUMBER(19), CONSTRAINT c_q_fk FOREIGN KEY (q_id) REFERENCES p (id)\n"
           "  NOT DEFERRABLE INITIALLY IMMEDIATE);\n"
           "ALTER TABLE c\n    ADD CONSTRAINT c_p_fk FOREIGN KEY ( p_id )\n"
           "        REFERENCES p ( id )\n    NOT DEFERRABLE;\n")
    cat = load_schema(sql, "oracle")
    assert cat.tables["P"].primary_key is not None
    assert sorted(fk.columns for fk in cat.tables["C"].foreign_keys) == [("P_ID",), ("Q_ID",)]
    rules = _rules(sql, "oracle")
    assert "AK-SQL002" not in rules and "AK-FK005" not in rules


def test_a_constraint_name_added_twice_is_refused_not_a_second_key():
    # a Hibernate script appended twice: MariaDB refuses the second ADD (errno 121), and
    # AK-FK004's hint to drop the 'duplicate' had left the table with no key at all
    sql = ("create table estado (id bigint not null auto_increment, primary key (id)) engine=InnoDB;\n"
           "create table cidade (id bigint not null auto_increment, estado_id bigint not null,"
           " primary key (id)) engine=InnoDB;\n"
           "alter table cidade add constraint FKkworr foreign key (estado_id) references estado (id);\n"
           "alter table cidade add constraint fkKWORR foreign key (estado_id) references estado (id);\n")
    found = check(sql, dialect="mysql", cache=False).findings
    assert [(f.rule, f.line) for f in found if f.rule in ("AK-SQL003", "AK-FK004")] == \
        [("AK-SQL003", 4)]
    assert len(load_schema(sql, "mysql").tables["cidade"].foreign_keys) == 1
    # SQLite has no ALTER TABLE ... ADD CONSTRAINT at all; DuckDB's names are not checked
    assert "AK-SQL003" not in _rules(sql.replace(" engine=InnoDB", "")
                                     .replace("auto_increment", ""), "duckdb")


def test_inconsistent_type_hint_never_shortens_values_into_a_copied_length():
    # EfrpgTest: a uniqueidentifier Code beside nvarchar(20) Codes was to become
    # NVARCHAR(20): 36 characters into 20 (SQL Server: 'insufficient result space')
    sql = ("CREATE TABLE [dbo].[Office]([Code] [uniqueidentifier] NOT NULL, [Name] [nvarchar](200))\n"
           "GO\nCREATE TABLE [dbo].[Bank]([Id] [int] NOT NULL PRIMARY KEY, [Code] [nvarchar](20) NOT NULL)\n"
           "GO\nCREATE TABLE [dbo].[Branch]([Id] [int] NOT NULL PRIMARY KEY, [Code] [nvarchar](20) NOT NULL)\n"
           "GO\n")
    (f,) = [f for f in check(sql, dialect="tsql", cache=False) if f.rule == "AK-TY008"]
    assert f.hint.startswith("-- Office.Code holds uuid values")
    # a value that fits keeps the conversion
    wide = sql.replace("[nvarchar](20)", "[nvarchar](40)")
    (f,) = [f for f in check(wide, dialect="tsql", cache=False) if f.rule == "AK-TY008"]
    assert f.hint.startswith("ALTER TABLE Office ALTER COLUMN Code NVARCHAR(40)")


def test_missing_key_is_the_numbered_column_or_both_links():
    # Workbench's genre: an AUTO_INCREMENT column with a plain index; a second one was
    # refused (MariaDB ERROR 1075; SQL Server allows one IDENTITY per table too)
    sql = ("CREATE TABLE IF NOT EXISTS `genre` (`genre_id` INT NOT NULL AUTO_INCREMENT,\n"
           "  `name` VARCHAR(35) NOT NULL, INDEX `genre_id_idx` (`genre_id` ASC)) ENGINE = InnoDB;\n"
           "create table restaurante (id bigint not null auto_increment, primary key (id));\n"
           "create table forma (id bigint not null auto_increment, primary key (id));\n"
           "create table restaurante_forma (restaurante_id bigint not null,\n"
           "  forma_id bigint not null);\n"
           "alter table restaurante_forma add constraint fk1 foreign key (forma_id) references forma (id);\n"
           "alter table restaurante_forma add constraint fk2 foreign key (restaurante_id)"
           " references restaurante (id);\n")
    hints = {f.object: f.hint for f in check(sql, dialect="mysql", cache=False)
             if f.rule == "AK-PK001"}
    assert hints == {
        "genre": "ALTER TABLE genre ADD PRIMARY KEY (genre_id);",
        # a join table: both references, each link once (not a surrogate id)
        "restaurante_forma": "ALTER TABLE restaurante_forma ADD PRIMARY KEY "
                             "(restaurante_id, forma_id);"}
    # a link table with data of its own is no pure join table
    more = sql.replace("forma_id bigint not null);", "forma_id bigint not null, note text);")
    hints = {f.object: f.hint for f in check(more, dialect="mysql", cache=False)
             if f.rule == "AK-PK001"}
    assert "AUTO_INCREMENT" in hints["restaurante_forma"]


def test_names_in_other_scripts_keep_their_letters():
    # SSMS's quoted Cyrillic names were all renamed to '_' (the second rename was refused:
    # 'column "_" already exists'); MySQL takes contraseña unquoted
    sql = ('CREATE TABLE "Бренды товара" ("Код бренда" integer PRIMARY KEY,\n'
           '  "Наименование бренда" text NOT NULL, "$" int, "%" int);\n')
    hints = {f.object: f.hint for f in check(sql, cache=False) if f.rule == "AK-NM004"}
    # the table's hint renames its columns, then the table (run in report order, the table
    # went first and each column's rename then named a table that was gone; PostgreSQL 15
    # ran this one)
    assert hints["Бренды товара"] == (
        'ALTER TABLE "Бренды товара" RENAME COLUMN "Код бренда" TO код_бренда; '
        'ALTER TABLE "Бренды товара" RENAME COLUMN "Наименование бренда" TO '
        'наименование_бренда; ALTER TABLE "Бренды товара" RENAME TO бренды_товара;')
    assert hints["Бренды товара.Код бренда"].startswith("-- renamed with table Бренды товара")
    # no name follows from '$' or '%': a note each, not two renames to '_'
    assert hints["Бренды товара.$"].startswith("-- rename column '$' to a name")
    assert hints["Бренды товара.%"].startswith("-- rename column '%' to a name")
    # PostgreSQL folds ASCII letters only: an unquoted-safe non-ASCII name needs no quotes
    assert "AK-NM004" not in _rules('CREATE TABLE "Категории" (id integer PRIMARY KEY);',
                                    "postgres")
    my = ("CREATE TABLE `cliente` (`id` BIGINT NOT NULL, `contraseña` VARCHAR(45) NOT NULL,\n"
          "  PRIMARY KEY (`id`)) ENGINE = InnoDB;\n")
    found = [f for f in check(my, dialect="mysql", cache=False) if "contraseña" in f.object]
    assert [f.rule for f in found] == ["AK-NM001"]       # the ASCII convention, not quoting
    assert found[0].hint.startswith("-- column contraseña has letters outside a-z")


def test_a_script_without_delimiters_is_a_syntax_error_not_silence():
    # Hibernate writes its schema script without ';' unless hbm2ddl.delimiter is set: the
    # whole file was one raw statement (AK-SQL002 info, exit 0); psql and MariaDB refuse it
    sql = ("create sequence hibernate_sequence start 1 increment 1\n"
           "create table a (id bigint not null, primary key (id))\n"
           "create table t (id int, primary key (id))\n")
    for dialect in ("postgres", "mysql"):
        (f,) = [f for f in check(sql, dialect=dialect, cache=False) if f.rule.startswith("AK-SQL")]
        assert (f.rule, f.line, f.col) == ("AK-SQL001", 2, 1), dialect
        assert "the ';' that ends it is missing" in f.message
    # a statement that merely spans lines is no such thing
    ok = "create table a (\n  id bigint not null,\n  primary key (id)\n);\n"
    assert not [r for r in _rules(ok, "postgres") if r.startswith("AK-SQL")]


def test_sql_server_hints_name_what_blocks_an_alter_column():
    # SQL Server refuses ALTER COLUMN of a column a key, foreign key or index uses (MS
    # docs); SSMS's Northwind got plain ALTER COLUMN hints on its keys (scout W), and
    # T-SQL has no MATCH clause for AK-FK003 to offer
    sql = ("CREATE TABLE [dbo].[Customers]([CustomerID] [nchar](15) NOT NULL,\n"
           " CONSTRAINT [PK_Customers] PRIMARY KEY CLUSTERED ([CustomerID] ASC))\nGO\n"
           "CREATE TABLE [dbo].[Regions]([CustomerID] [nchar](15) NOT NULL, [RegionID] [int] NULL,\n"
           " CONSTRAINT [UQ_Regions] UNIQUE ([CustomerID], [RegionID]))\nGO\n"
           "CREATE TABLE [dbo].[Orders]([OrderID] [int] NOT NULL PRIMARY KEY,\n"
           " [CustomerID] [nchar](15) NULL, [ShipRegion] [int] NULL, [Note] [nchar](40) NULL)\nGO\n"
           "ALTER TABLE [dbo].[Orders] WITH CHECK ADD CONSTRAINT [FK_Orders_Regions]\n"
           " FOREIGN KEY([CustomerID], [ShipRegion]) REFERENCES [dbo].[Regions] ([CustomerID], [RegionID])\n"
           "GO\n")
    found = {(f.rule, f.object): f.hint for f in check(sql, dialect="tsql", cache=False)}
    assert found[("AK-TY002", "customers.customerid")] == (
        "-- SQL Server cannot alter CustomerID while primary key PK_Customers, any foreign "
        "key that references it use it: drop them, run ALTER TABLE Customers ALTER COLUMN "
        "CustomerID nvarchar(15) NOT NULL, and make them again")
    # (named from the table alone: the incremental checker re-runs the rule for it alone)
    assert "unique constraint UQ_Regions, any foreign key that references it use it" in \
        found[("AK-TY002", "regions.customerid")]
    assert "index ix_orders_customer" not in found[("AK-TY002", "regions.customerid")]
    # a column nothing uses keeps its statement
    assert found[("AK-TY002", "orders.note")] == \
        "ALTER TABLE Orders ALTER COLUMN Note nvarchar(40) NULL;"
    fk003 = found[("AK-FK003", "orders(customerid, shipregion) -> regions")]
    assert "MATCH" not in fk003 and "foreign key FK_Orders_Regions" in fk003
    # postgres has MATCH FULL, and alters a key's column in place
    pg = {(f.rule, f.object): f.hint for f in check(
        "CREATE TABLE r (a int, b int, UNIQUE (a, b));\n"
        "CREATE TABLE o (id int PRIMARY KEY, a int, b int, FOREIGN KEY (a, b) REFERENCES r (a, b));\n",
        cache=False)}
    assert pg[("AK-FK003", "o(a, b) -> r")].endswith("-- or declare MATCH FULL")


def test_mysql_refuses_an_auto_increment_column_that_no_key_leads():
    # MySQL Workbench with AI ticked and no PK: ERROR 1075 on MariaDB (scout W)
    bad = ("CREATE TABLE IF NOT EXISTS `genre` (`genre_id` INT NOT NULL AUTO_INCREMENT,\n"
           "  `name` VARCHAR(35) NOT NULL) ENGINE = InnoDB;\n")
    (f,) = [f for f in check(bad, dialect="mysql", cache=False) if f.rule == "AK-SQL003"]
    assert (f.line, f.object) == (1, "genre.genre_id") and "ERROR 1075" in f.message
    # leading any index is enough, as MySQL requires
    ok = bad.replace("NOT NULL) ENGINE", "NOT NULL, INDEX (`genre_id`)) ENGINE")
    assert "AK-SQL003" not in _rules(ok, "mysql")


def test_mysql_tables_take_their_databases_character_set():
    # Workbench writes the charset on the schema only: AK-TY007 missed its utf8mb3 tables
    # (MariaDB's information_schema gives every table utf8mb3_general_ci; scout W)
    from archkit.schema.cache import IncrementalChecker

    sql = ("CREATE SCHEMA IF NOT EXISTS `mydb` DEFAULT CHARACTER SET utf8 ;\n"
           "CREATE TABLE IF NOT EXISTS `mydb`.`t` (`id` BIGINT NOT NULL, PRIMARY KEY (`id`))\n"
           "ENGINE = InnoDB;\n"
           "CREATE DATABASE shop CHARACTER SET utf8mb3;\nUSE shop;\n"
           "CREATE TABLE u (id BIGINT PRIMARY KEY);\n"
           "CREATE TABLE v (id BIGINT PRIMARY KEY) DEFAULT CHARSET=utf8mb4;\n")
    cat = load_schema(sql, "mysql")
    assert {k: t.charset for k, t in cat.tables.items()} == {
        "mydb.t": "utf8", "u": "utf8mb3", "v": "utf8mb4"}
    ty007 = [f.object for f in check(sql, dialect="mysql", cache=False) if f.rule == "AK-TY007"]
    assert ty007 == ["mydb.t", "u"]
    # an edit re-checked alone keeps what the database gives its tables
    ic = IncrementalChecker(sql, dialect="mysql")
    i = next(n for n, s in enumerate(ic.statements) if s.sql.startswith("CREATE TABLE u"))
    ic.edit(i, "CREATE TABLE u (id BIGINT PRIMARY KEY, note TEXT)")
    assert [f.object for f in ic.report if f.rule == "AK-TY007"] == ["mydb.t", "u"]


def test_data_modelers_unknown_type_is_refused_by_oracle():
    # Data Modeler writes UNKNOWN for a logical type it could not map: ORA-00902
    sql = "CREATE TABLE addresses ( add_id UNKNOWN NOT NULL, x NUMBER ) LOGGING;\n"
    (f,) = [f for f in check(sql, dialect="oracle", cache=False) if f.rule == "AK-SQL003"]
    assert "ADDRESSES.ADD_ID is UNKNOWN" in f.message and "ORA-00902" in f.message


def test_varchar_with_a_listed_set_of_values_is_not_asked_to_become_text():
    # Hibernate writes enum columns as varchar(255) CHECK (c IN (...)): 334 AK-TY003 in one
    # project, whose length never needs to change (scout W)
    sql = ("create table t (id bigint primary key,\n"
           "  kind varchar(255) check (kind in ('A','B')), name varchar(255));\n")
    assert [f.object for f in check(sql, cache=False) if f.rule == "AK-TY003"] == ["t.name"]


def test_a_name_qualified_with_the_files_own_database_is_the_bare_name():
    # Workbench mixes `mydb`.`t` and, after USE mydb, bare t: they were two tables, and an
    # ALTER of the bare one a migration of a table the input did not create (MG003, MG007)
    from archkit.schema.cache import IncrementalChecker
    from archkit.schema.catalog import build_catalog
    from archkit.schema.dialects import get_dialect
    from archkit.schema.parallel import parse_sources
    from archkit.schema.parse import SqlSource

    sql = ("DROP SCHEMA IF EXISTS mydb;\nCREATE SCHEMA mydb;\n"
           "CREATE TABLE `mydb`.`parent` (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY);\n"
           "USE mydb;\n"
           "ALTER TABLE parent ADD COLUMN name VARCHAR(45) NOT NULL;\n"
           "CREATE TABLE child (id BIGINT PRIMARY KEY, parent_id BIGINT NOT NULL,\n"
           "  FOREIGN KEY (parent_id) REFERENCES mydb.parent (id));\n"
           "CREATE TABLE other.t (id BIGINT PRIMARY KEY);\n")
    cat = load_schema(sql, "mysql")
    assert sorted(cat.tables) == ["child", "other.t", "parent"]
    assert list(cat.tables["parent"].columns) == ["id", "name"]
    assert cat.tables["child"].foreign_keys[0].ref_table == "parent"
    found = check(sql, dialect="mysql", cache=False).findings
    assert not [f for f in found if f.rule in ("AK-MG003", "AK-MG007", "AK-FK001")]
    # DROP SCHEMA mydb is no table: it keeps its schema (an install script's first line,
    # not reported; with the schema taken away it was 'DROP SCHEMA  destroys ...')
    assert not [f for f in found if f.rule == "AK-MG001"]
    # a worker's statements (parsed again here from text) and the incremental checker
    # name them the same
    d = get_dialect("mysql")
    more = sql + "".join(f"ALTER TABLE mydb.parent ADD COLUMN c{i} INT;\n" for i in range(8))
    many = build_catalog(parse_sources([SqlSource(more, "w.sql")], d, workers=2), d)
    assert sorted(many.tables) == sorted(cat.tables)
    assert list(many.tables["parent"].columns)[-1] == "c7"
    ic = IncrementalChecker(sql, dialect="mysql")
    i = next(n for n, s in enumerate(ic.statements) if s.sql.startswith("CREATE TABLE child"))
    ic.edit(i, ic.statements[i].sql.replace("parent_id BIGINT", "parent_id  BIGINT"))
    assert sorted(ic.catalog.tables) == sorted(cat.tables)
