export { ADMIN_PREFIX, AdminError, handleAdmin, sendAdminError, type AdminRequest } from './adminApi.js';
