-- Heat database bootstrap for MariaDB and MySQL 8, rendered by heatconf from site.toml.
-- Safe to run again: it creates what is missing and converges the password.
-- Run as a database administrator, e.g.: mariadb -u root < bootstrap-db.sql
CREATE DATABASE IF NOT EXISTS `heat` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE USER IF NOT EXISTS 'heat'@'%' IDENTIFIED BY 'heat0100000000000000000000000000';
ALTER USER 'heat'@'%' IDENTIFIED BY 'heat0100000000000000000000000000';
GRANT ALL PRIVILEGES ON `heat`.* TO 'heat'@'%';
CREATE USER IF NOT EXISTS 'heat'@'localhost' IDENTIFIED BY 'heat0100000000000000000000000000';
ALTER USER 'heat'@'localhost' IDENTIFIED BY 'heat0100000000000000000000000000';
GRANT ALL PRIVILEGES ON `heat`.* TO 'heat'@'localhost';
