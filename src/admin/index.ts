export { ADMIN_PREFIX, AdminError, adminHook, handleAdmin, sendAdminError, type AdminHookInput, type AdminRequest } from './adminApi.js';
