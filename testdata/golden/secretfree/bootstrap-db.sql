-- Heat database bootstrap for MariaDB and MySQL 8, rendered by heatconf from secretfree.toml.
-- Safe to run again: it creates what is missing and converges the password.
-- It holds no password: run it with bootstrap-db.sh beside it, which reads the password from
-- heat.env and sets @heatconf_db_password first, e.g.: ./bootstrap-db.sh -u root
CREATE DATABASE IF NOT EXISTS `heat` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
SET @heatconf_sql = CONCAT('CREATE USER IF NOT EXISTS ', QUOTE('heat'), '@', QUOTE('%'), ' IDENTIFIED BY ', QUOTE(@heatconf_db_password));
PREPARE heatconf_stmt FROM @heatconf_sql;
EXECUTE heatconf_stmt;
SET @heatconf_sql = CONCAT('ALTER USER ', QUOTE('heat'), '@', QUOTE('%'), ' IDENTIFIED BY ', QUOTE(@heatconf_db_password));
PREPARE heatconf_stmt FROM @heatconf_sql;
EXECUTE heatconf_stmt;
DEALLOCATE PREPARE heatconf_stmt;
GRANT ALL PRIVILEGES ON `heat`.* TO 'heat'@'%';
SET @heatconf_sql = CONCAT('CREATE USER IF NOT EXISTS ', QUOTE('heat'), '@', QUOTE('10.0.0.%'), ' IDENTIFIED BY ', QUOTE(@heatconf_db_password));
PREPARE heatconf_stmt FROM @heatconf_sql;
EXECUTE heatconf_stmt;
SET @heatconf_sql = CONCAT('ALTER USER ', QUOTE('heat'), '@', QUOTE('10.0.0.%'), ' IDENTIFIED BY ', QUOTE(@heatconf_db_password));
PREPARE heatconf_stmt FROM @heatconf_sql;
EXECUTE heatconf_stmt;
DEALLOCATE PREPARE heatconf_stmt;
GRANT ALL PRIVILEGES ON `heat`.* TO 'heat'@'10.0.0.%';
SET @heatconf_db_password = NULL, @heatconf_sql = NULL;
