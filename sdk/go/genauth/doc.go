// Rotate the secrets of GenAuth (formerly Authing) applications.
package genauth
