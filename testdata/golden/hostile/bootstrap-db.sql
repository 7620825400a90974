-- Heat database bootstrap for MariaDB and MySQL 8, rendered by heatconf from hostile.toml.
-- Safe to run again: it creates what is missing and converges the password.
-- Run as a database administrator, e.g.: mariadb -u root < bootstrap-db.sql
CREATE DATABASE IF NOT EXISTS `heat` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE USER IF NOT EXISTS 'heat_db'@'%' IDENTIFIED BY 'p@ss:w/rd''"$x%;#\\';
ALTER USER 'heat_db'@'%' IDENTIFIED BY 'p@ss:w/rd''"$x%;#\\';
GRANT ALL PRIVILEGES ON `heat`.* TO 'heat_db'@'%';
CREATE USER IF NOT EXISTS 'heat_db'@'localhost' IDENTIFIED BY 'p@ss:w/rd''"$x%;#\\';
ALTER USER 'heat_db'@'localhost' IDENTIFIED BY 'p@ss:w/rd''"$x%;#\\';
GRANT ALL PRIVILEGES ON `heat`.* TO 'heat_db'@'localhost';
