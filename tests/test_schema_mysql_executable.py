"""MySQL's executable comments (``/*!50705 code */``) are code to MySQL and MariaDB, and
``/*M! code */`` to MariaDB only: read as comments, sakila-mv's ``location`` column and
its spatial index were missing, and mysqldump's views and ``FOREIGN_KEY_CHECKS=0`` unseen."""

from __future__ import annotations

import pytest

from archkit.schema import check, load_schema
from archkit.schema.executable import run_executable_comments

# (sakila-mv-schema.sql, as the MySQL employees sample ships it)
SAKILA_MV = """CREATE TABLE address (
  address_id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT,
  phone VARCHAR(20) NOT NULL,
  /*!50705 location GEOMETRY NOT NULL,*/
  PRIMARY KEY  (address_id),
  /*!50705 SPATIAL KEY `idx_location` (location),*/
  KEY idx_phone (phone)
)ENGINE=InnoDB DEFAULT CHARSET=utf8;
CREATE TABLE film_text (film_id SMALLINT NOT NULL PRIMARY KEY, title VARCHAR(255) NOT NULL)
  ENGINE=MyISAM DEFAULT CHARSET=utf8;
/*!50610 ALTER TABLE film_text engine=InnoDB */;
flush /*!50503 binary */ logs;
"""

# the shape of a mysqldump file: settings, a table whose key names one dumped later,
# DISABLE KEYS around its rows, a view's stand-in and the view itself
DUMP = """/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
DROP TABLE IF EXISTS `address`;
CREATE TABLE `address` (
  `address_id` bigint NOT NULL AUTO_INCREMENT,
  `city_id` bigint NOT NULL,
  PRIMARY KEY (`address_id`),
  KEY `address_city_id_idx` (`city_id`),
  CONSTRAINT `fk_address_city` FOREIGN KEY (`city_id`) REFERENCES `city` (`city_id`)
) ENGINE=InnoDB;
LOCK TABLES `address` WRITE;
/*!40000 ALTER TABLE `address` DISABLE KEYS */;
/*!40000 ALTER TABLE `address` ENABLE KEYS */;
UNLOCK TABLES;
DROP TABLE IF EXISTS `city`;
CREATE TABLE `city` (`city_id` bigint NOT NULL AUTO_INCREMENT, `city` varchar(50) NOT NULL,
  PRIMARY KEY (`city_id`)) ENGINE=InnoDB;
/*!50001 DROP VIEW IF EXISTS `city_list`*/;
/*!50001 CREATE ALGORITHM=UNDEFINED */
/*!50013 DEFINER=`root`@`%` SQL SECURITY DEFINER */
/*!50001 VIEW `city_list` AS select `city`.`city_id` AS `ID` from `city` */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
"""


def test_markers_become_spaces_and_nothing_else_moves():
    text = ("/*!40014 SET x=0 */; SELECT '/*!no*/', \"/*!no*/\", `/*!no*/` -- /*!no */\n"
            "# /*!no */\n/* /*!no */ SELECT 1 /*!80003 SRID 0 */;")
    out = run_executable_comments(text)
    assert len(out) == len(text)
    assert out.startswith("         SET x=0   ;")
    assert out.count("/*!no") == 6 and out.endswith("SELECT 1          SRID 0   ;")
    # MariaDB's own: code to MariaDB, a comment to MySQL
    assert run_executable_comments("/*M!100101 SET y=1 */;") == "/*M!100101 SET y=1 */;"
    assert run_executable_comments("/*M!100101 SET y=1 */;", mariadb=True) == \
        "           SET y=1   ;"


@pytest.mark.parametrize("dialect", ["mysql", "mariadb"])
def test_code_in_executable_comments_is_read(dialect):
    cat = load_schema(SAKILA_MV, dialect)
    address = cat.tables["address"]
    assert list(address.columns) == ["address_id", "phone", "location"]
    assert address.columns["location"].type == "geometry"
    assert {i.name for i in address.indexes} == {"idx_location", "idx_phone"}
    report = check(SAKILA_MV, dialect=dialect, cache=False)
    # film_text is InnoDB once the ALTER in the comment runs; FLUSH BINARY LOGS is no
    # schema statement (it did not parse once its comment was read)
    assert not any("MyISAM" in f.message for f in report)
    assert not any(f.rule in ("AK-SQL001", "AK-SQL002") for f in report)


def test_a_finding_inside_an_executable_comment_points_into_it():
    sql = "CREATE TABLE t (id bigint PRIMARY KEY,\n  /*!50705 price float,*/ a int);"
    (f,) = [f for f in check(sql, dialect="mysql", cache=False) if f.rule == "AK-TY001"
            or f.object == "t.price"]
    assert (f.line, f.col) == (2, 12)


def test_a_mysqldump_reads_without_noise():
    report = check(DUMP, dialect="mysql", cache=False)
    assert [f.rule for f in report if f.severity.value != "info"] == []
    assert not any(f.rule in ("AK-SQL001", "AK-SQL002", "AK-SQL003") for f in report)
    assert "city_list" not in load_schema(DUMP, "mysql").tables      # a view, not a table
